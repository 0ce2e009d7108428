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
