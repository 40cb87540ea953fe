import { describe, expect, it } from "vitest";
import type { FalcoAlert, OutputFields } from "@/lib/ingest/alert-schema";
import { parseExact } from "@/lib/ingest/exact-json";
import { dedupKeyOf, fingerprintOf, groupKeyOf, identityOf } from "@/lib/ingest/fingerprint";

function syscallAlert(overrides: Partial<FalcoAlert> = {}, fields: OutputFields = {}): FalcoAlert {
  return {
    uuid: undefined,
    rule: "Terminal shell in container",
    priority: "notice",
    time: { micros: "2026-11-25T09:14:02.511093Z", nanos: 874 },
    output: "09:14:02.511093874: Notice A shell was spawned in a container",
    outputFields: {
      "container.id": "5c1f0e2a9b7d",
      "container.image.repository": "ghcr.io/acme/payments-api",
      "k8s.ns.name": "payments",
      "k8s.pod.name": "payments-api-6f7c9d-x2k4q",
      "proc.exepath": "/usr/bin/bash",
      "proc.exe": "bash",
      "proc.name": "bash",
      ...fields,
    },
    source: "syscall",
    tags: ["container", "shell"],
    hostname: "ip-10-0-3-17",
    labels: null,
    ...overrides,
  };
}

const fingerprint = (alert: FalcoAlert) => fingerprintOf(alert, identityOf(alert));

describe("identityOf", () => {
  it("is the image repository and the executable for syscall alerts", () => {
    expect(identityOf(syscallAlert())).toEqual({
      "container.image.repository": "ghcr.io/acme/payments-api",
      executable: "/usr/bin/bash",
    });
  });

  it("falls back from proc.exepath to proc.exe to proc.name", () => {
    const exe = syscallAlert({}, { "proc.exepath": "<NA>", "proc.exe": "/dev/shm/xmrig", "proc.name": "xmrig" });
    expect(identityOf(exe).executable).toBe("/dev/shm/xmrig");
    const name = syscallAlert({}, { "proc.exepath": null, "proc.exe": "", "proc.name": "xmrig" });
    expect(identityOf(name).executable).toBe("xmrig");
  });

  it("writes a list's long integers as digits, the same in every process", () => {
    const fields = parseExact('{"proc.exepath": [10000000000000000000, "x"]}') as OutputFields;
    expect(identityOf(syscallAlert({}, fields)).executable).toBe('[10000000000000000000,"x"]');
  });

  it("treats <NA>, null, empty and missing fields as null", () => {
    const alert = syscallAlert({}, { "container.image.repository": "<NA>", "proc.exepath": "", "proc.exe": null });
    delete alert.outputFields["proc.name"];
    expect(identityOf(alert)).toEqual({ "container.image.repository": null, executable: null });
    expect(identityOf(syscallAlert({}, { "container.image.repository": null }))["container.image.repository"]).toBeNull();
    expect(identityOf(syscallAlert({}, { "container.image.repository": "" }))["container.image.repository"]).toBeNull();
  });

  it("is the user, verb and resource for k8s_audit alerts", () => {
    const alert = syscallAlert({
      source: "k8s_audit",
      outputFields: {
        "ka.user.name": "alice@acme.example",
        "ka.verb": "create",
        "ka.target.resource": "pods",
        "ka.target.subresource": "exec",
        "ka.target.name": "payments-api-6f7c9d-x2k4q",
        "ka.target.namespace": "payments",
      },
    });
    expect(identityOf(alert)).toEqual({
      "ka.user.name": "alice@acme.example",
      "ka.verb": "create",
      "ka.target.resource": "pods",
      "ka.target.subresource": "exec",
    });
  });

  it("gives null for missing k8s_audit fields", () => {
    const alert = syscallAlert({ source: "k8s_audit", outputFields: { "ka.user.name": "bob", "ka.verb": "<NA>" } });
    expect(identityOf(alert)).toEqual({
      "ka.user.name": "bob",
      "ka.verb": null,
      "ka.target.resource": null,
      "ka.target.subresource": null,
    });
  });

  it("is the host for internal alerts", () => {
    const alert = syscallAlert({ source: "internal", hostname: "ip-10-0-3-17", outputFields: { n_drops: "1712" } });
    expect(identityOf(alert)).toEqual({ hostname: "ip-10-0-3-17" });
  });
});

describe("fingerprintOf", () => {
  it("is the same for repeats that differ in pod, container, time, output and host", () => {
    const first = syscallAlert();
    const repeat = syscallAlert(
      {
        time: { micros: "2026-11-26T10:00:00.000000Z", nanos: 1 },
        output: "10:00:00.000000001: Notice A shell was spawned in a container (again)",
        hostname: "ip-10-0-9-9",
      },
      { "k8s.pod.name": "payments-api-6f7c9d-zz9zz", "container.id": "aaaaaaaaaaaa" },
    );
    expect(fingerprint(repeat)).toBe(fingerprint(first));
  });

  it("differs when the rule, image or executable differs", () => {
    const base = fingerprint(syscallAlert());
    expect(fingerprint(syscallAlert({ rule: "Read sensitive file untrusted" }))).not.toBe(base);
    expect(fingerprint(syscallAlert({}, { "container.image.repository": "ghcr.io/acme/other" }))).not.toBe(base);
    expect(fingerprint(syscallAlert({}, { "proc.exepath": "/usr/bin/sh" }))).not.toBe(base);
  });

  it("differs when the source differs", () => {
    const alert = syscallAlert();
    const other = syscallAlert({ source: "k8s_audit" });
    expect(fingerprintOf(other, identityOf(alert))).not.toBe(fingerprintOf(alert, identityOf(alert)));
  });

  it("tells internal alerts of different hosts apart", () => {
    const internal = (hostname: string) => syscallAlert({ source: "internal", hostname, rule: "Falco internal: syscall event drop" });
    expect(fingerprint(internal("node-a"))).not.toBe(fingerprint(internal("node-b")));
    expect(fingerprint(internal("node-a"))).toBe(fingerprint(internal("node-a")));
  });
});

describe("groupKeyOf", () => {
  const print = fingerprint(syscallAlert());

  it("is the key stored groups already have: a change would split every existing group", () => {
    expect(print).toBe("5d5b62fe6d9cd82bfae2567485d63e97919cb22264f1ff77aa1ca31ef6de5fa6");
    expect(groupKeyOf({ segment: "tenant", tenantId: "t1" }, print)).toBe("69540b49cc41cd4db2100b3da5e0bc527ef87c7a58ab1690621cef88a3ee1e46");
  });

  it("differs per bucket for the same fingerprint", () => {
    const keys = [
      groupKeyOf({ segment: "tenant", tenantId: "t1" }, print),
      groupKeyOf({ segment: "tenant", tenantId: "t2" }, print),
      groupKeyOf({ segment: "unassigned", clusterId: "c1" }, print),
      groupKeyOf({ segment: "host", clusterId: "c1" }, print),
      groupKeyOf({ segment: "unassigned", clusterId: "c2" }, print),
      groupKeyOf({ segment: "tenant", tenantId: "c1" }, print),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("differs per fingerprint in the same bucket", () => {
    const other = fingerprint(syscallAlert({ rule: "Another rule" }));
    const bucket = { segment: "tenant", tenantId: "t1" } as const;
    expect(groupKeyOf(bucket, print)).not.toBe(groupKeyOf(bucket, other));
  });
});

describe("dedupKeyOf", () => {
  it("uses the uuid when there is one, whatever else differs", () => {
    const first = syscallAlert({ uuid: "0f4e7c52-8a1d-4b7e-9c3e-2d1a6b5f9e01" });
    const other = syscallAlert({
      uuid: "0f4e7c52-8a1d-4b7e-9c3e-2d1a6b5f9e01",
      rule: "Another rule",
      hostname: "elsewhere",
      output: "different",
      time: { micros: "2027-01-01T00:00:00.000000Z", nanos: 0 },
    });
    expect(dedupKeyOf("c1", other)).toBe(dedupKeyOf("c1", first));
  });

  it("scopes the uuid to the cluster", () => {
    const alert = syscallAlert({ uuid: "0f4e7c52-8a1d-4b7e-9c3e-2d1a6b5f9e01" });
    expect(dedupKeyOf("c2", alert)).not.toBe(dedupKeyOf("c1", alert));
  });

  it("tells different uuids apart", () => {
    const a = syscallAlert({ uuid: "uuid-a" });
    const b = syscallAlert({ uuid: "uuid-b" });
    expect(dedupKeyOf("c1", a)).not.toBe(dedupKeyOf("c1", b));
  });

  it("is the key stored alerts already have: a change would let every redelivery in", () => {
    expect(dedupKeyOf("c1", syscallAlert())).toBe("bcc09103e3c18bec7ffb0c98e6ef20c654c980945a04f4d59dd7cd3d091b5597");
  });

  it("without a uuid, is the same for a repeat delivery of the same alert", () => {
    const first = syscallAlert();
    const redelivered = syscallAlert({ tags: ["other"], labels: { date: 1 } }, { "k8s.pod.name": "ignored" });
    expect(dedupKeyOf("c1", redelivered)).toBe(dedupKeyOf("c1", first));
  });

  it("without a uuid, differs by cluster, hostname, time, nanos, rule and output", () => {
    const base = dedupKeyOf("c1", syscallAlert());
    const variants = [
      dedupKeyOf("c2", syscallAlert()),
      dedupKeyOf("c1", syscallAlert({ hostname: "ip-10-0-3-18" })),
      dedupKeyOf("c1", syscallAlert({ time: { micros: "2026-11-25T09:14:02.511094Z", nanos: 874 } })),
      dedupKeyOf("c1", syscallAlert({ time: { micros: "2026-11-25T09:14:02.511093Z", nanos: 875 } })),
      dedupKeyOf("c1", syscallAlert({ rule: "Another rule" })),
      dedupKeyOf("c1", syscallAlert({ output: "another output" })),
    ];
    for (const key of variants) expect(key).not.toBe(base);
  });
});
