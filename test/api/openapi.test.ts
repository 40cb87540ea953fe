import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import { methodsOf, servedFiles } from "@/test/helpers/served-routes";

/* The OpenAPI document names every route under app/api/v1 with every method it answers. */

function served(): string[] {
  return servedFiles("app/api/v1").flatMap((file) => {
    const route = file.replace(/^app/, "").replace(/\/route\.ts$/, "").replace(/\[(\w+)\]/g, "{$1}");
    return methodsOf(file).map((method) => `${method.toLowerCase()} ${route}`);
  });
}

describe("/api/v1/openapi.json", () => {
  it("documents every method of every route, and nothing that is not served", () => {
    const documented = Object.entries(openApiDocument.paths).flatMap(([route, methods]) => Object.keys(methods).map((method) => `${method} ${route}`));
    // ingest is served in front of Next.js (lib/ingest), not from app/
    const servedHere = [...served(), "post /api/v1/ingest", "post /api/v1/ingest/{token}"];
    expect(documented.sort()).toEqual(servedHere.sort());
  });

  it("takes its parameters from the schemas the routes parse with", () => {
    const groups = openApiDocument.paths["/api/v1/groups"].get.parameters.map((p) => p.name);
    expect(groups).toEqual(expect.arrayContaining(["tenant", "cluster", "namespace", "hostname", "tag", "priority", "rule", "source", "status", "assignee", "q", "since", "until", "sort", "limit", "cursor"]));
    const exportFormat = openApiDocument.paths["/api/v1/export"].get.parameters.find((p) => p.name === "format");
    expect(exportFormat).toMatchObject({ required: true, schema: { enum: ["csv", "ndjson"] } });
    expect(JSON.stringify(openApiDocument.paths["/api/v1/groups"].patch.requestBody)).toContain('"set"');
    // the period of each group's periodCount and sparkline, said where the parameters are
    const since = openApiDocument.paths["/api/v1/groups"].get.parameters.find((p) => p.name === "since");
    expect(since).toMatchObject({ description: expect.stringContaining("periodCount and sparkline start, rounded down to the hour") });
    expect(openApiDocument.paths["/api/v1/alerts"].get.parameters.find((p) => p.name === "since")).toMatchObject({ description: "Event time at or after" });
  });
});
