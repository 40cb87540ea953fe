import { exportQuerySchema } from "@/lib/alerts/alert-filters";
import { alertConditions, resolveAlertFilter, shownAlertColumns, shownAlertJoins, type AlertRowShown } from "@/lib/alerts/alert-query";
import { showAlert } from "@/lib/alerts/list-alerts";
import { audit } from "@/lib/audit/audit";
import { actorOf, type Caller } from "@/lib/auth/caller";
import { getDb, getSql } from "@/lib/db";
import { scopedRowBatches } from "@/lib/db/scoped-sql";
import { csvRow } from "@/lib/export/csv";
import { stringifyWithRaw } from "@/lib/server/raw-json";

const batchSize = 500;

const csvColumns = ["id", "time", "tenant", "cluster", "namespace", "hostname", "priority", "rule", "source", "output", "group", "tags", "output_fields"];

function csvOf(alert: AlertRowShown): string {
  return csvRow([
    alert.id,
    alert.time,
    alert.tenant,
    alert.cluster,
    alert.namespace,
    alert.hostname,
    alert.priority,
    alert.rule,
    alert.source,
    alert.output,
    alert.group,
    alert.tags.join(" "),
    alert.outputFields,
  ]);
}

/**
 * Every alert the caller may see that matches the query, newest first, as CSV or NDJSON: streamed
 * from a cursor a batch at a time, with no cap (nothing is silently cut off) and never the whole
 * export in memory. The filter is checked before the first byte, so a bad one is still a clear error.
 * Each export is audited with its filter: it is data leaving Falconry.
 */
export async function exportAlerts(caller: Caller, query: unknown) {
  const { format, ...filter } = exportQuerySchema.parse(query);
  const resolved = await resolveAlertFilter(caller, filter);
  await audit(getDb(), actorOf(caller), { action: "alerts.export", objectType: "alerts", after: { format, filter } });
  const batches = scopedRowBatches<AlertRowShown>(
    getSql(),
    caller.scope,
    (tx) => tx<AlertRowShown[]>`
      SELECT ${shownAlertColumns(tx)} ${shownAlertJoins(tx)}
      WHERE ${alertConditions(tx, caller, resolved)}
      ORDER BY a.time DESC, a.id DESC`,
    batchSize,
  );
  const serialize = format === "csv" ? (rows: AlertRowShown[]) => rows.map(csvOf).join("") : (rows: AlertRowShown[]) => rows.map((row) => `${stringifyWithRaw(showAlert(row))}\n`).join("");
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === "csv") controller.enqueue(encoder.encode(csvRow(csvColumns)));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(serialize(next.value)));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  return {
    body,
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
    filename: `falconry-alerts-${new Date().toISOString().replace(/[:.]/g, "-")}.${format}`,
  };
}
