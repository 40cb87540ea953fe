import type postgres from "postgres";

/**
 * The first statement of each of the writer's transactions: settings for that transaction alone.
 * - No sequential scans: batches are small and probe large tables by key; never let a plan made
 *   for "about 100 rows from a function" scan alert_groups instead (it cost a third of the
 *   transaction).
 * - Generic plans only: the statements take their rows as one JSON parameter, whose value never
 *   helps the planner, and a plan made for each execution folds that parameter, parsing the whole
 *   batch once more, while planning. Forced on every statement, such plans took (b) of
 *   bench:ingest from about 4,900 to 4,000 alerts/s; this keeps the writer off them, whatever
 *   PostgreSQL's plan cache would choose.
 */
export function writerSettings(tx: postgres.Sql) {
  return tx`SELECT set_config('enable_seqscan', 'off', true), set_config('plan_cache_mode', 'force_generic_plan', true)`;
}
