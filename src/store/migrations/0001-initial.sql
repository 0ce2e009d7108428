-- Agent Bus initial schema: tenants, workflows, the run queue, steps, the event log, approvals and
-- artifacts. Money is integer micro-USD; timestamps are timestamptz.

CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Until authentication exists every row belongs to this tenant; the column is there so that
-- isolation can be added without rewriting tables.
INSERT INTO tenants (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'default');

CREATE TABLE workflows (
  name text NOT NULL,
  version integer NOT NULL,
  tenant_id uuid REFERENCES tenants (id),
  kind text NOT NULL CHECK (kind IN ('built_in', 'declarative')),
  description text NOT NULL DEFAULT '',
  definition jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, version)
);

-- The runs table is the queue: one row per run, no second job table.
CREATE TABLE runs (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) DEFAULT '00000000-0000-0000-0000-000000000001',
  workflow text NOT NULL,
  workflow_version integer NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'waiting_approval', 'succeeded', 'failed',
                                         'cancelled', 'budget_exceeded', 'timed_out', 'denied')),
  priority integer NOT NULL DEFAULT 0,
  attempt integer NOT NULL DEFAULT 1,
  max_attempts integer NOT NULL DEFAULT 3,
  run_after timestamptz NOT NULL DEFAULT now(),
  lease_owner text,
  lease_owner_key integer,
  lease_expires_at timestamptz,
  timeout_seconds integer,
  deadline_at timestamptz,
  cancel_requested_at timestamptz,
  input jsonb NOT NULL DEFAULT '{}',
  output jsonb,
  error jsonb,
  tokens bigint NOT NULL DEFAULT 0,
  cost_micros bigint NOT NULL DEFAULT 0,
  idempotency_key text,
  request_hash text,
  parent_run_id uuid REFERENCES runs (id),
  last_event_seq integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  ended_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The claim query walks this index in order and stops at the first unlocked due rows.
CREATE INDEX runs_claim_idx ON runs (priority DESC, run_after, id) WHERE status = 'queued';

-- The fetcher sleeps until the earliest due run (retries wait in the future).
CREATE INDEX runs_due_idx ON runs (run_after) WHERE status = 'queued';
-- The sweeper looks only at running rows.
CREATE INDEX runs_running_idx ON runs (lease_owner_key, lease_expires_at) WHERE status = 'running';
CREATE INDEX runs_list_idx ON runs (tenant_id, created_at DESC, id DESC);
CREATE INDEX runs_status_list_idx ON runs (tenant_id, status, created_at DESC, id DESC);
CREATE UNIQUE INDEX runs_idempotency_idx ON runs (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Worker lock keys: each worker process takes a fresh key and holds a session advisory lock on it
-- for its whole life; a run whose owner's lock is gone belongs to a dead process.
CREATE SEQUENCE worker_key_seq AS integer MINVALUE 1 CYCLE;

CREATE TABLE steps (
  id uuid PRIMARY KEY,
  run_id uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  node text NOT NULL,
  step_index integer NOT NULL,
  attempt integer NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'retrying', 'cancelled', 'interrupted')),
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  duration_ms double precision,
  -- What the node returned, so that re-running a node whose checkpoint was lost in a crash
  -- replays its recorded result instead of repeating its side effects.
  output jsonb,
  tokens bigint NOT NULL DEFAULT 0,
  cost_micros bigint NOT NULL DEFAULT 0,
  error jsonb,
  UNIQUE (run_id, step_index, node, attempt)
);

-- At most one successful completion per node execution slot.
CREATE UNIQUE INDEX steps_one_success_idx ON steps (run_id, step_index, node) WHERE status = 'succeeded';

CREATE TABLE run_events (
  run_id uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE approvals (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) DEFAULT '00000000-0000-0000-0000-000000000001',
  run_id uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  interrupt_id text NOT NULL,
  gate text NOT NULL,
  reason text NOT NULL,
  reason_category text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  questions jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'cancelled')),
  deadline timestamptz NOT NULL,
  timeout_outcome jsonb NOT NULL,
  outcome jsonb,
  decided_by text,
  decided_at timestamptz,
  auto boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (run_id, interrupt_id)
);

CREATE INDEX approvals_due_idx ON approvals (deadline) WHERE status = 'pending';
CREATE INDEX approvals_list_idx ON approvals (tenant_id, created_at DESC, id DESC);
CREATE INDEX approvals_run_idx ON approvals (run_id);

-- Artifact bytes are stored once per sha256; artifacts reference them by hash.
CREATE TABLE artifact_contents (
  content_hash text PRIMARY KEY,
  content bytea NOT NULL,
  size integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE artifacts (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) DEFAULT '00000000-0000-0000-0000-000000000001',
  run_id uuid NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name text NOT NULL,
  media_type text NOT NULL,
  size integer NOT NULL,
  content_hash text NOT NULL REFERENCES artifact_contents (content_hash),
  storage_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (run_id, name)
);
