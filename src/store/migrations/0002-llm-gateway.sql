-- The LLM gateway: the cost ledger (one row per attempt), budgets with their per-period spend, and
-- the reservations that hold a call's worst-case cost while it runs. Money is integer micro-USD.

CREATE TABLE llm_calls (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) DEFAULT '00000000-0000-0000-0000-000000000001',
  -- Projects arrive with governance; until then the id is recorded without a foreign key.
  project_id text,
  run_id uuid REFERENCES runs (id) ON DELETE SET NULL,
  step_id uuid,
  agent text,
  user_id text,
  -- The caller's one logical call; its attempts (retries, failovers) share it.
  call_id uuid NOT NULL,
  attempt integer NOT NULL CHECK (attempt >= 1),
  provider text NOT NULL,
  model text NOT NULL,
  response_model text,
  streamed boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('succeeded', 'failed', 'aborted')),
  error_kind text,
  error_message text,
  input_tokens integer NOT NULL DEFAULT 0,
  output_tokens integer NOT NULL DEFAULT 0,
  cache_read_tokens integer NOT NULL DEFAULT 0,
  cache_write_tokens integer NOT NULL DEFAULT 0,
  reasoning_tokens integer NOT NULL DEFAULT 0,
  -- NULL: the model has no price in the table (cost unknown), never "free".
  cost_micros bigint,
  price_version text NOT NULL,
  latency_ms double precision NOT NULL,
  time_to_first_token_ms double precision,
  is_fallback boolean NOT NULL DEFAULT false,
  previous_provider text,
  provider_request_id text,
  started_at timestamptz NOT NULL,
  ended_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX llm_calls_run_idx ON llm_calls (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX llm_calls_tenant_time_idx ON llm_calls (tenant_id, started_at DESC);
CREATE INDEX llm_calls_call_idx ON llm_calls (call_id);

-- A limit on a scope over a period. `total` never resets (a run's budget).
CREATE TABLE budgets (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  scope text NOT NULL CHECK (scope IN ('tenant', 'project', 'workflow', 'run')),
  -- The tenant id, project id, workflow name or run id the budget covers.
  scope_id text NOT NULL,
  period text NOT NULL CHECK (period IN ('daily', 'weekly', 'monthly', 'total')),
  limit_micros bigint CHECK (limit_micros >= 0),
  limit_tokens bigint CHECK (limit_tokens >= 0),
  soft_threshold double precision NOT NULL DEFAULT 0.8 CHECK (soft_threshold > 0 AND soft_threshold <= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (limit_micros IS NOT NULL OR limit_tokens IS NOT NULL),
  UNIQUE (tenant_id, scope, scope_id, period)
);

-- What one budget has spent and holds reserved in one period (periods start at UTC midnight, on
-- Monday, or on the 1st).
CREATE TABLE budget_windows (
  budget_id uuid NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
  period_start timestamptz NOT NULL,
  spent_micros bigint NOT NULL DEFAULT 0,
  reserved_micros bigint NOT NULL DEFAULT 0 CHECK (reserved_micros >= 0),
  spent_tokens bigint NOT NULL DEFAULT 0,
  reserved_tokens bigint NOT NULL DEFAULT 0 CHECK (reserved_tokens >= 0),
  -- When this period's soft-threshold warning went out (once per period).
  soft_warned_at timestamptz,
  PRIMARY KEY (budget_id, period_start)
);

-- A call's worst case held on every budget that applies to it, until the call settles. The same
-- amount is held on each window (one call, one cost). A reservation whose process died is
-- released by the sweeper after `expires_at`.
CREATE TABLE budget_reservations (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  budget_ids uuid[] NOT NULL,
  period_starts timestamptz[] NOT NULL,
  reserved_micros bigint NOT NULL,
  reserved_tokens bigint NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX budget_reservations_expiry_idx ON budget_reservations (expires_at);
CREATE INDEX budgets_lookup_idx ON budgets (tenant_id, scope, scope_id);

CREATE FUNCTION budget_period_start(period text, moment timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE period
    WHEN 'daily' THEN date_trunc('day', moment AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    WHEN 'weekly' THEN date_trunc('week', moment AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    WHEN 'monthly' THEN date_trunc('month', moment AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    ELSE 'epoch'::timestamptz
  END
$$;

-- Reserves up to `worst_micros` / `worst_tokens` on every budget that applies to the call, all or
-- nothing, granting less (down to `minimum_micros` / `minimum_tokens`) when a budget has less
-- left: the gateway then clamps max_tokens to what was granted. Windows are locked in budget id
-- order, so concurrent reservations on overlapping budgets cannot deadlock. Returns the grant, or
-- the budget that refused with what it had left. One round trip for the caller.
CREATE FUNCTION budget_reserve(
  reservation_id uuid, tenant uuid, project text, workflow text, run text,
  worst_micros bigint, minimum_micros bigint, worst_tokens bigint, minimum_tokens bigint, ttl_seconds integer
) RETURNS TABLE (granted boolean, granted_micros bigint, granted_tokens bigint, budget_count integer, refused_by uuid, refused_scope text, available_micros bigint, available_tokens bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  budget record;
  ids uuid[] := '{}';
  starts timestamptz[] := '{}';
  left_micros bigint := NULL;
  left_tokens bigint := NULL;
  blocking uuid := NULL;
  blocking_scope text := NULL;
  window_row budget_windows%ROWTYPE;
  budget_left bigint;
  grant_micros bigint := worst_micros;
  grant_tokens bigint := worst_tokens;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  FOR budget IN
    SELECT b.id, b.scope, b.limit_micros, b.limit_tokens, budget_period_start(b.period, now()) AS period_start
    FROM budgets b
    WHERE b.tenant_id = tenant
      AND ((b.scope = 'tenant' AND b.scope_id = tenant::text)
        OR (b.scope = 'project' AND b.scope_id = project)
        OR (b.scope = 'workflow' AND b.scope_id = workflow)
        OR (b.scope = 'run' AND b.scope_id = run))
    ORDER BY b.id
  LOOP
    INSERT INTO budget_windows (budget_id, period_start) VALUES (budget.id, budget.period_start) ON CONFLICT DO NOTHING;
    SELECT * INTO window_row FROM budget_windows w WHERE w.budget_id = budget.id AND w.period_start = budget.period_start FOR UPDATE;
    ids := ids || budget.id;
    starts := starts || budget.period_start;
    IF budget.limit_micros IS NOT NULL THEN
      budget_left := greatest(0, budget.limit_micros - window_row.spent_micros - window_row.reserved_micros);
      IF left_micros IS NULL OR budget_left < left_micros THEN
        left_micros := budget_left;
        IF budget_left < minimum_micros AND blocking IS NULL THEN blocking := budget.id; blocking_scope := budget.scope; END IF;
      END IF;
    END IF;
    IF budget.limit_tokens IS NOT NULL THEN
      budget_left := greatest(0, budget.limit_tokens - window_row.spent_tokens - window_row.reserved_tokens);
      IF left_tokens IS NULL OR budget_left < left_tokens THEN
        left_tokens := budget_left;
        IF budget_left < minimum_tokens AND blocking IS NULL THEN blocking := budget.id; blocking_scope := budget.scope; END IF;
      END IF;
    END IF;
  END LOOP;

  IF blocking IS NOT NULL THEN
    RETURN QUERY SELECT false, 0::bigint, 0::bigint, cardinality(ids), blocking, blocking_scope, left_micros, left_tokens;
    RETURN;
  END IF;
  IF cardinality(ids) = 0 THEN
    RETURN QUERY SELECT true, worst_micros, worst_tokens, 0, NULL::uuid, NULL::text, NULL::bigint, NULL::bigint;
    RETURN;
  END IF;
  grant_micros := least(worst_micros, coalesce(left_micros, worst_micros));
  grant_tokens := least(worst_tokens, coalesce(left_tokens, worst_tokens));
  UPDATE budget_windows w SET reserved_micros = w.reserved_micros + grant_micros, reserved_tokens = w.reserved_tokens + grant_tokens
  FROM unnest(ids, starts) AS target(budget_id, period_start)
  WHERE w.budget_id = target.budget_id AND w.period_start = target.period_start;
  INSERT INTO budget_reservations (id, tenant_id, budget_ids, period_starts, reserved_micros, reserved_tokens, expires_at)
  VALUES (reservation_id, tenant, ids, starts, grant_micros, grant_tokens, now() + make_interval(secs => ttl_seconds));
  RETURN QUERY SELECT true, grant_micros, grant_tokens, cardinality(ids), NULL::uuid, NULL::text, left_micros, left_tokens;
END
$$;

-- Settles reservations exactly once: each releases what it held and charges what the call really
-- cost (NULL cost = unknown price: tokens are charged, money is not). A reservation already
-- settled or released is skipped, so a repeated settle cannot charge twice. Returns the windows
-- whose spend crossed their soft threshold for the first time this period.
CREATE FUNCTION budget_settle(reservation_ids uuid[], actual_micros bigint[], actual_tokens bigint[])
RETURNS TABLE (reservation_id uuid, budget_id uuid, scope text, scope_id text, period_start timestamptz, spent_micros bigint, limit_micros bigint, spent_tokens bigint, limit_tokens bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  RETURN QUERY
  WITH settled AS (
    DELETE FROM budget_reservations r
    USING unnest(reservation_ids, actual_micros, actual_tokens) AS actual(id, micros, tokens)
    WHERE r.id = actual.id
    RETURNING r.id, r.budget_ids, r.period_starts, r.reserved_micros, r.reserved_tokens, coalesce(actual.micros, 0) AS micros, actual.tokens
  ), per_window AS (
    SELECT settled.id, target.budget_id, target.period_start, settled.reserved_micros, settled.reserved_tokens, settled.micros, settled.tokens
    FROM settled, unnest(settled.budget_ids, settled.period_starts) AS target(budget_id, period_start)
  ), totals AS (
    SELECT per_window.budget_id, per_window.period_start,
           sum(per_window.reserved_micros) AS reserved_micros, sum(per_window.reserved_tokens) AS reserved_tokens,
           sum(per_window.micros) AS micros, sum(per_window.tokens) AS tokens, min(per_window.id::text)::uuid AS first_id
    FROM per_window GROUP BY per_window.budget_id, per_window.period_start
  ), updated AS (
    UPDATE budget_windows w
    SET reserved_micros = w.reserved_micros - totals.reserved_micros, reserved_tokens = w.reserved_tokens - totals.reserved_tokens,
        spent_micros = w.spent_micros + totals.micros, spent_tokens = w.spent_tokens + totals.tokens,
        soft_warned_at = CASE WHEN w.soft_warned_at IS NULL AND (
            (b.limit_micros IS NOT NULL AND w.spent_micros + totals.micros >= b.soft_threshold * b.limit_micros)
         OR (b.limit_tokens IS NOT NULL AND w.spent_tokens + totals.tokens >= b.soft_threshold * b.limit_tokens)) THEN now() ELSE w.soft_warned_at END
    FROM totals, budgets b
    WHERE w.budget_id = totals.budget_id AND w.period_start = totals.period_start AND b.id = w.budget_id
    RETURNING w.budget_id, w.period_start, w.spent_micros, w.spent_tokens, w.soft_warned_at, (w.soft_warned_at = now()) AS warned_now, totals.first_id
  )
  SELECT updated.first_id, updated.budget_id, b.scope, b.scope_id, updated.period_start, updated.spent_micros, b.limit_micros, updated.spent_tokens, b.limit_tokens
  FROM updated JOIN budgets b ON b.id = updated.budget_id
  WHERE updated.warned_now;
END
$$;

-- Releases reservations whose process died before settling (past their expiry): nothing is charged.
CREATE FUNCTION budget_release_expired() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  expired uuid[];
BEGIN
  SELECT array_agg(id) INTO expired FROM (SELECT id FROM budget_reservations WHERE expires_at < now() ORDER BY id LIMIT 1000 FOR UPDATE SKIP LOCKED) AS due;
  IF expired IS NULL THEN RETURN 0; END IF;
  PERFORM budget_settle(expired, array_fill(0::bigint, ARRAY[cardinality(expired)]), array_fill(0::bigint, ARRAY[cardinality(expired)]));
  RETURN cardinality(expired);
END
$$;
