import { z } from "zod";
import { exportQuerySchema, listAlertsQuerySchema } from "@/lib/alerts/alert-filters";
import { groupNoteSchema } from "@/lib/groups/add-group-note";
import { exactCountBudgetMs } from "@/lib/groups/count-groups";
import { groupFilterSchema, listGroupsQuerySchema } from "@/lib/groups/group-filters";
import { overviewQuerySchema } from "@/lib/overview/overview-period";
import { updateGroupsSchema } from "@/lib/groups/update-groups";
import { createSuppressionSchema, listSuppressionsQuerySchema, previewSuppressionSchema, updateSuppressionSchema } from "@/lib/suppressions/suppression-schemas";
import { tenantPreviewQuerySchema } from "@/lib/tenants/tenant-preview";
import { tenantNamespacesBodySchema } from "@/lib/tenants/tenant-views";

/*
 * The OpenAPI document of /api/v1, built from the zod schemas the routes parse with, so the two
 * cannot drift apart (test/api/openapi.test.ts holds every route under app/api/v1 to it).
 */

type Schema = z.ZodType;
type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: Schema): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/** Each property of an object schema as a query parameter. */
function queryParameters(schema: Schema) {
  const object = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, { description, ...property }]) => ({
    name,
    in: "query",
    required: object.required?.includes(name) ?? false,
    ...(typeof description === "string" ? { description } : {}),
    schema: property,
  }));
}

const pathParameter = (name: string, description: string) => ({ name, in: "path", required: true, description, schema: { type: "string" } });
const jsonBody = (schema: Schema) => ({ required: true, content: { "application/json": { schema: jsonSchema(schema) } } });
const errors = {
  "400": { description: "Bad input: `{\"error\": \"<field>: <what is wrong>\"}`" },
  "401": { description: "No session or personal API token" },
  "403": { description: "The caller's role may not do this" },
  "404": { description: "Missing, or outside the caller's scope (the same answer)" },
};
const answer = (description: string) => ({ "200": { description }, ...errors });

const slug = pathParameter("slug", "A tenant's slug");
const groupId = pathParameter("id", "An alert group's id");
const ruleId = pathParameter("id", "A suppression rule's id");

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Falconry API",
    version: "1",
    description:
      "Triage Falco alerts. Send a personal API token as `Authorization: Bearer fry_api_…` (made on /account); " +
      "every answer is within its owner's scope. Ingest uses per-cluster ingest tokens instead.",
  },
  components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
  security: [{ bearer: [] }],
  paths: {
    "/api/v1/ingest": {
      post: {
        summary: "Store Falco alerts (Falco JSON, Falcosidekick, Falcosidekick-UI envelopes, arrays, NDJSON, Fluent Bit), with an ingest token",
        responses: { "200": { description: '`{"accepted": n, "duplicates": d, "rejected": [{"index", "error"}]}`, once committed' }, ...errors, "413": { description: "Too large" } },
      },
    },
    "/api/v1/ingest/{token}": {
      post: { summary: "The same, with the ingest token in the path (Falco's http_output)", parameters: [pathParameter("token", "An ingest token")], responses: answer("As above") },
    },
    "/api/v1/me": { get: { summary: "Who the token or session belongs to, and their scope", responses: answer("`{email, name, role, tenants}`") } },
    "/api/v1/tenants": { get: { summary: "The tenants the caller may see", responses: answer('`{"items": [...]}`') } },
    "/api/v1/tenants/{slug}": {
      get: { summary: "A tenant and its namespace patterns", parameters: [slug], responses: answer("The tenant") },
      patch: {
        summary: "Replace a tenant's namespace patterns (admins); stored alerts move",
        parameters: [slug],
        requestBody: jsonBody(tenantNamespacesBodySchema),
        responses: answer("`{slug, namespaces, movedAlerts}`"),
      },
    },
    "/api/v1/tenants/{slug}/alerts": { get: { summary: "A tenant's newest alerts, suppressed ones left out", parameters: [slug], responses: answer('`{"items": [...]}`') } },
    "/api/v1/tenants/{slug}/overview": {
      get: {
        summary: "A tenant's posture: alerts over time by priority, top rules and workloads, backlog, changes since yesterday, suppressed share",
        parameters: [slug, ...queryParameters(overviewQuerySchema)],
        responses: answer("`{tenant, period, volume, topRules, topWorkloads, backlog, changes, suppression}` (counts as numbers)"),
      },
    },
    "/api/v1/overview": {
      get: {
        summary: "The central overview, for people who see every tenant (others: 403)",
        parameters: queryParameters(overviewQuerySchema),
        responses: answer("`{period, volume, tenants, noisyRules, blindSpots, unassigned}` (counts as numbers)"),
      },
    },
    "/api/v1/groups": {
      get: {
        summary: "Alert groups, filtered and keyset-paged",
        parameters: queryParameters(listGroupsQuerySchema),
        responses: answer(
          '`{"items": [...], "nextCursor": ...}`. Each item has `periodCount` (digits) and `sparkline: {from, to, bucketHours, counts}`: ' +
            "its alerts in the period of since/until (else the last 24 hours), counted by whole hours from hourly counts, in about 24 buckets",
        ),
      },
      patch: {
        summary: "Change status and/or assignee of groups by id or by filter (analysts, admins)",
        requestBody: jsonBody(updateGroupsSchema),
        responses: answer('`{"updated": n, "unchanged": n, "skipped": [{"id", "error"}]}`'),
      },
    },
    "/api/v1/groups/count": {
      get: { summary: "How many groups match the filters, counted up to the bulk-update limit", parameters: queryParameters(groupFilterSchema), responses: answer(`\`{"count": n, "isCapped": bool, "isEstimate": bool, "cap": 10000}\`: exact when counted within ${exactCountBudgetMs} ms, else PostgreSQL\'s estimate`) },
    },
    "/api/v1/groups/{id}": { get: { summary: "A group, its notes, its history and its spread", parameters: [groupId], responses: answer("The group") } },
    "/api/v1/groups/{id}/notes": {
      post: { summary: "Add a plain-text note (analysts, admins)", parameters: [groupId], requestBody: jsonBody(groupNoteSchema), responses: { "201": { description: "The note" }, ...errors } },
    },
    "/api/v1/alerts": { get: { summary: "Alerts, filtered and keyset-paged, fields exactly as they arrived", parameters: queryParameters(listAlertsQuerySchema), responses: answer('`{"items": [...], "nextCursor": ...}`') } },
    "/api/v1/export": { get: { summary: "Every matching alert as CSV or NDJSON, streamed", parameters: queryParameters(exportQuerySchema), responses: answer("A download") } },
    "/api/v1/suppressions": {
      get: {
        summary: "The suppression rules of the caller's tenants (and those for all tenants), newest first, keyset-paged",
        parameters: queryParameters(listSuppressionsQuerySchema),
        responses: answer('`{"items": [...], "nextCursor": ...}`'),
      },
      post: {
        summary: "Create a suppression rule (analysts for their tenants, admins); one matching every alert or none needs `confirm`",
        requestBody: jsonBody(createSuppressionSchema),
        responses: { "201": { description: "The rule, with `resolvedGroups`" }, ...errors, "409": { description: "Needs `confirm`: it matches everything, or nothing" } },
      },
    },
    "/api/v1/suppressions/preview": {
      post: {
        summary: "What a rule would have matched in stored history (14 days by default)",
        requestBody: jsonBody(previewSuppressionSchema),
        responses: answer("`{alerts, groups, total, byTenant, byRule, byNamespace, samples, critical, warnings, complete, scannedSince}`"),
      },
    },
    "/api/v1/suppressions/{id}": {
      get: { summary: "A rule, its versions and its history", parameters: [ruleId], responses: answer("The rule") },
      patch: { summary: "Expire (optionally reopening what it resolved), re-activate, or edit as a new version (none, and `unchanged: true`, when nothing changes)", parameters: [ruleId], requestBody: jsonBody(updateSuppressionSchema), responses: answer("The rule") },
    },
    "/api/v1/suppressions/export/falco": {
      get: {
        summary: "Rules as a Falco rules file appending exceptions (`?ids=1,2`)",
        parameters: [{ name: "ids", in: "query", required: true, description: "Comma-separated rule ids", schema: { type: "string" } }],
        responses: answer("application/yaml"),
      },
    },
    "/api/v1/admin/tenant-preview": {
      get: { summary: "Which (cluster, namespace) pairs seen so far patterns would claim (admins)", parameters: queryParameters(tenantPreviewQuerySchema), responses: answer("The preview") },
    },
    "/api/v1/events": {
      get: { summary: "Server-sent events: `event: alerts` when alerts arrive in the caller's scope", responses: answer("text/event-stream") },
    },
    "/api/v1/openapi.json": { get: { summary: "This document", security: [], responses: { "200": { description: "OpenAPI 3.1" } } } },
  },
} as const;
