import { describe, expect, it } from "vitest";
import { matchersLikeThese, type GroupSample } from "@/lib/suppressions/like-these";

const nginx: GroupSample = {
  rule: "Terminal shell",
  tenant: "payments",
  namespace: "checkout",
  identity: { "container.image.repository": "docker.io/library/nginx", executable: "/usr/bin/cat" },
  outputFields: { "container.image.repository": "docker.io/library/nginx", "proc.exepath": "/usr/bin/cat", "proc.name": "cat", "proc.tty": "0" },
};

describe("matchersLikeThese", () => {
  it("takes one group's rule, image, executable, process name and namespace, and its tenant", () => {
    expect(matchersLikeThese([nginx])).toEqual({
      matchers: [
        { field: "rule", op: "=", value: "Terminal shell" },
        { field: "container.image.repository", op: "=", value: "docker.io/library/nginx" },
        { field: "proc.exepath", op: "=", value: "/usr/bin/cat" },
        { field: "proc.name", op: "=", value: "cat" },
        { field: "namespace", op: "=", value: "checkout" },
      ],
      tenants: ["payments"],
    });
  });

  it("keeps only what several groups share, lists their rules, and names each tenant once", () => {
    const other: GroupSample = {
      ...nginx,
      rule: "Read sensitive file",
      tenant: "payments",
      namespace: "billing",
      outputFields: { ...nginx.outputFields, "proc.exepath": "/bin/cat", "proc.name": "cat" },
    };
    expect(matchersLikeThese([nginx, other])).toEqual({
      matchers: [
        { field: "rule", op: "in", value: ["Terminal shell", "Read sensitive file"] },
        { field: "container.image.repository", op: "=", value: "docker.io/library/nginx" },
        { field: "proc.name", op: "=", value: "cat" },
      ],
      tenants: ["payments"],
    });
  });

  it("falls back on the identity without an alert, skips <NA>, and needs all tenants for a group of none", () => {
    const bare: GroupSample = { ...nginx, tenant: null, outputFields: null };
    const na: GroupSample = { ...nginx, outputFields: { "proc.name": "<NA>" } };
    expect(matchersLikeThese([bare, na])).toEqual({
      matchers: [
        { field: "rule", op: "=", value: "Terminal shell" },
        { field: "container.image.repository", op: "=", value: "docker.io/library/nginx" },
        { field: "namespace", op: "=", value: "checkout" },
      ],
      tenants: "all",
    });
  });
});
