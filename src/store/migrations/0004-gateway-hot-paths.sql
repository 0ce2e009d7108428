-- The gateway's hot tables change on every LLM call: a budget window row and the rate-limit counter
-- rows are updated, reservations and rate-limit entries inserted and deleted. With PostgreSQL's
-- default thresholds (20 % of the table) autovacuum waited until tens of thousands of dead rows had
-- piled up under load (bench/gateway-bench.ts at concurrency 64: 94,000 in rate_limit_entries and
-- 43,000 in budget_reservations after 150 s), and index scans over them stalled calls for seconds.
-- Vacuum them after a fixed number of changes instead, and leave room on each page for the
-- frequently updated rows to be rewritten in place (HOT updates).
ALTER TABLE budget_windows SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);
ALTER TABLE budget_reservations SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000, autovacuum_vacuum_cost_delay = 0);
ALTER TABLE rate_limit_counters SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_cost_delay = 0);
ALTER TABLE rate_limit_entries SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000, autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000, autovacuum_vacuum_cost_delay = 0);

-- One round trip where there were two: a process settles the calls that ended since its last
-- statement together with its next reservation on the same budgets, settle first (so the money it
-- frees counts), in one transaction. Callers pass only settlements of the same tenant, project,
-- workflow and run as the reservation: both then lock the same windows in the same (id) order as
-- every other budget statement, so the combination cannot deadlock with them.
CREATE FUNCTION budget_settle_then_reserve(
  settle_ids uuid[], settle_micros bigint[], settle_tokens bigint[],
  p_reservation_id uuid, p_tenant uuid, p_project text, p_workflow text, p_run text,
  p_worst_micros bigint, p_minimum_micros bigint, p_worst_tokens bigint, p_minimum_tokens bigint, p_ttl_seconds integer
) RETURNS TABLE (granted boolean, granted_micros bigint, granted_tokens bigint, budget_count integer, refused_by uuid, refused_scope text, available_micros bigint, available_tokens bigint, crossings jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  settled jsonb;
BEGIN
  SELECT coalesce(jsonb_agg(to_jsonb(crossing)), '[]'::jsonb) INTO settled FROM budget_settle(settle_ids, settle_micros, settle_tokens) AS crossing;
  RETURN QUERY
    SELECT grant_row.granted, grant_row.granted_micros, grant_row.granted_tokens, grant_row.budget_count, grant_row.refused_by,
           grant_row.refused_scope, grant_row.available_micros, grant_row.available_tokens, settled
    FROM budget_reserve(p_reservation_id, p_tenant, p_project, p_workflow, p_run, p_worst_micros, p_minimum_micros, p_worst_tokens, p_minimum_tokens, p_ttl_seconds) AS grant_row;
END
$$;
