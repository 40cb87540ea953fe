import { exportQuerySchema } from "@/lib/alerts/alert-filters";
import { positionAfter, readAlertPage, resolveAlertFilter, type AlertRowShown } from "@/lib/alerts/alert-query";
import { showAlert } from "@/lib/alerts/list-alerts";
import { audit } from "@/lib/audit/audit";
import { actorOf, type Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
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
 * a page at a time, with no cap (nothing is silently cut off) and never the whole export in memory.
 * Each page is a short query of its own (the list's keyset pages), read as the client takes the one
 * before: a slow or stalled download holds no connection and no transaction. The filter is checked,
 * and the first page read, before the first byte, so a bad filter is still a clear error.
 * Each export is audited with its filter: it is data leaving Falconry.
 */
export async function exportAlerts(caller: Caller, query: unknown) {
  const { format, ...filter } = exportQuerySchema.parse(query);
  const resolved = await resolveAlertFilter(caller, filter);
  await audit(getDb(), actorOf(caller), { action: "alerts.export", objectType: "alerts", after: { format, filter } });
  let page: AlertRowShown[] | null = await readAlertPage(caller, resolved, null, batchSize);
  const serialize = format === "csv" ? (rows: AlertRowShown[]) => rows.map(csvOf).join("") : (rows: AlertRowShown[]) => rows.map((row) => `${stringifyWithRaw(showAlert(row))}\n`).join("");
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === "csv") controller.enqueue(encoder.encode(csvRow(csvColumns)));
    },
    async pull(controller) {
      if (!page) {
        controller.close();
        return;
      }
      if (page.length > 0) controller.enqueue(encoder.encode(serialize(page)));
      const last = page.at(-1);
      page = page.length === batchSize && last ? await readAlertPage(caller, resolved, positionAfter(last), batchSize) : null;
    },
  });
  return {
    body,
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
    filename: `falconry-alerts-${new Date().toISOString().replace(/[:.]/g, "-")}.${format}`,
  };
}
