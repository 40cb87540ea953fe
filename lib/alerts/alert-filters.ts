import { z } from "zod";
import { filterText, groupFilterShape, parseGroupId } from "@/lib/groups/group-filters";

/*
 * Which alerts a list or an export shows, as query parameters (`GET /api/v1/alerts`,
 * `GET /api/v1/export`): the group list's filters, applied to each alert (its own cluster,
 * namespace, host, tags, priority and event time; its group's status and assignee), plus
 * `group` and `pod`. No I/O here, so the browser can import it.
 */

const { tenant, cluster, namespace, hostname, tag, priority, priorityMatch, rule, source, status, assignee, q, since, until, suppressed } = groupFilterShape;

export const alertFilterShape = {
  tenant,
  cluster,
  namespace,
  hostname,
  /** Alerts carrying all these tags. */
  tag,
  /** The alert's own priority: at least this one, or exactly with `priorityMatch=exactly`. */
  priority,
  priorityMatch,
  rule,
  source,
  /** Of the alert's group. */
  status,
  /** Of the alert's group: `me`, `nobody`, or a person's email. */
  assignee,
  /** Free text, case-insensitive, over the rule and the output. */
  q,
  since: since.describe("Event time at or after"),
  until: until.describe("Event time before"),
  /** Alerts a suppression rule matched are left out unless `include` or `only`. */
  suppressed,
  /** One group's alerts. */
  group: z.string().refine((id) => parseGroupId(id) !== null, "a group id").optional(),
  /** Alerts from this pod (Falco's `k8s.pod.name`): groups keep no pods, so this filter is the alerts' own. */
  pod: filterText.optional(),
};

export const alertFilterSchema = z.strictObject(alertFilterShape);
export type AlertFilter = z.output<typeof alertFilterSchema>;

export const listAlertsQuerySchema = z.strictObject({
  ...alertFilterShape,
  limit: z.coerce.number().int("a whole number").min(1, "at least 1").max(500, "at most 500").default(100),
  /** The previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});

export const exportQuerySchema = z.strictObject({
  ...alertFilterShape,
  format: z.enum(["csv", "ndjson"], { error: "csv or ndjson" }),
});
