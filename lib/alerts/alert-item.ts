/**
 * An alert as the API answers it (`GET /api/v1/alerts`, exports), for the server that writes it
 * and the browser that reads it. `Json` is how its JSON fields are held: the stored text on the
 * server, parsed values in the browser.
 */
export interface AlertItem<Json> {
  id: string;
  group: string;
  tenant: string | null;
  cluster: string;
  namespace: string | null;
  hostname: string;
  source: string;
  rule: string;
  priority: string;
  /** RFC 3339 in UTC with all nine fractional digits. */
  time: string;
  output: string;
  /** Exactly as the alert arrived: 19-digit integers intact. */
  outputFields: Json;
  tags: string[];
  labels: Json | null;
  /** The suppression rule that matched it at ingest. */
  suppressedBy: string | null;
}
