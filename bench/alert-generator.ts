import { randomUUID } from "node:crypto";

/*
 * Realistic Falco alerts for load, shaped like the payloads in test/fixtures: Falcosidekick's
 * webhook output of syscall alerts (19-digit `evt.time`), host-level alerts, Kubernetes audit alerts
 * and a few of Falco's own health alerts, with priorities mixed, about 1.2 kB on average. Every
 * alert gets a fresh uuid and a later time than the one before, so no two are duplicates.
 */

interface Workload {
  namespace: string;
  image: string;
  tag: string;
  container: string;
}

interface SyscallRule {
  rule: string;
  priority: string;
  evtType: string;
  tags: string[];
  message: string;
  process: { name: string; exepath: string; parent: string; cmdline: string; user: string; uid: number };
  fields: Record<string, string | number | boolean | null>;
}

interface AuditRule {
  rule: string;
  priority: string;
  message: string;
  verb: string;
  resource: string;
  subresource: string | null;
}

const workloads: Workload[] = [
  { namespace: "payments", image: "ghcr.io/acme/payments-api", tag: "v3.4.1", container: "api" },
  { namespace: "checkout", image: "docker.io/library/nginx", tag: "1.27", container: "web" },
  { namespace: "ml-train", image: "ghcr.io/acme/trainer", tag: "2025.11.3", container: "worker" },
  { namespace: "team-a", image: "ghcr.io/acme/catalog", tag: "v1.9.0", container: "catalog" },
  { namespace: "team-b", image: "docker.io/library/python", tag: "3.12-slim", container: "debug" },
  { namespace: "kube-system", image: "registry.k8s.io/coredns/coredns", tag: "v1.11.3", container: "coredns" },
];

const hostnames = ["ip-10-0-3-17", "ip-10-0-3-18", "ip-10-0-4-21", "ip-10-8-1-4", "ip-10-8-1-5"];

const syscallRules: SyscallRule[] = [
  {
    rule: "Terminal shell in container",
    priority: "Notice",
    evtType: "execve",
    tags: ["T1059", "container", "maturity_stable", "mitre_execution", "shell"],
    message: "A shell was spawned in a container with an attached terminal",
    process: { name: "bash", exepath: "/usr/bin/bash", parent: "containerd-shim", cmdline: "bash", user: "root", uid: 0 },
    fields: { "evt.arg.flags": "EXE_WRITABLE|EXE_LOWER_LAYER", "proc.tty": 34816 },
  },
  {
    rule: "Read sensitive file untrusted",
    priority: "Warning",
    evtType: "openat",
    tags: ["T1555", "container", "filesystem", "maturity_stable", "mitre_credential_access"],
    message: "Sensitive file opened for reading by non-trusted program",
    process: { name: "cat", exepath: "/usr/bin/cat", parent: "sh", cmdline: "cat /etc/shadow", user: "www-data", uid: 33 },
    fields: { "fd.name": "/etc/shadow", "proc.aname[2]": "containerd-shim", "proc.aname[3]": null, "proc.tty": 0 },
  },
  {
    rule: "Drop and execute new binary in container",
    priority: "Critical",
    evtType: "execve",
    tags: ["TA0003", "container", "maturity_stable", "mitre_persistence", "process"],
    message: "Executing binary not part of base image",
    process: { name: "xmrig", exepath: "/dev/shm/xmrig", parent: "sh", cmdline: "xmrig -o pool.example:3333", user: "app", uid: 1000 },
    fields: { "proc.exe": "/dev/shm/xmrig", "proc.is_exe_upper_layer": true },
  },
  {
    rule: "Contact K8S API Server From Container",
    priority: "Notice",
    evtType: "connect",
    tags: ["T1565", "container", "k8s", "maturity_stable", "mitre_discovery", "network"],
    message: "Unexpected connection to K8s API Server from container",
    process: { name: "curl", exepath: "/usr/bin/curl", parent: "sh", cmdline: "curl -sk https://10.96.0.1/api", user: "root", uid: 0 },
    fields: { "fd.name": "10.8.1.5:40112->10.96.0.1:443", "fd.sip": "10.96.0.1", "fd.sport": 443 },
  },
  {
    rule: "Write below etc",
    priority: "Error",
    evtType: "openat",
    tags: ["T1098", "container", "filesystem", "maturity_stable", "mitre_persistence"],
    message: "File below /etc opened for writing",
    process: { name: "sed", exepath: "/usr/bin/sed", parent: "entrypoint.sh", cmdline: "sed -i s/x/y/ /etc/hosts", user: "root", uid: 0 },
    fields: { "fd.name": "/etc/hosts", "evt.arg.flags": "O_RDWR|O_CREAT" },
  },
];

const auditRules: AuditRule[] = [
  { rule: "Attach/Exec Pod", priority: "Notice", message: "Attach/Exec to pod", verb: "create", resource: "pods", subresource: "exec" },
  { rule: "Create Privileged Pod", priority: "Warning", message: "Pod started with privileged container", verb: "create", resource: "pods", subresource: null },
  { rule: "K8s Secret Get Successfully", priority: "Error", message: "K8s Secret Get Successfully", verb: "get", resource: "secrets", subresource: null },
];

const auditUsers = ["alice@acme.example", "bob@acme.example", "system:serviceaccount:ci:deployer"];

// Each alert 1.234567 ms after the one before: distinct times that use all nine fractional digits.
const baseNanos = 1_795_770_842_000_000_000n;
let sequence = 0n;

/** JSON text of the next alert; `index` picks its kind, rule, workload and host, so a run's mix is repeatable. */
export function generateAlert(index: number): string {
  const nanos = baseNanos + sequence++ * 1_234_567n;
  // 2% Falco health, 18% Kubernetes audit, 10% host-level syscall, 70% syscall in a container.
  const kind = mix(index, 1) % 100;
  if (kind < 2) return internalAlert(index, nanos);
  if (kind < 20) return auditAlert(index, nanos);
  return syscallAlert(index, nanos, kind < 30);
}

function syscallAlert(index: number, nanos: bigint, isHost: boolean): string {
  const spec = pick(syscallRules, index, 2);
  const workload = pick(workloads, index, 3);
  const hostname = pick(hostnames, index, 4);
  const containerId = isHost ? "host" : hex(index, 5, 12);
  const pod = isHost ? null : `${workload.namespace}-${workload.container}-${hex(index, 6, 6)}-${hex(index, 7, 5)}`;
  const { process: proc } = spec;
  const fields: Record<string, string | number | boolean | null> = {
    cluster: "prod-eu-1",
    "container.id": containerId,
    "container.image.repository": isHost ? null : workload.image,
    "container.image.tag": isHost ? null : workload.tag,
    "container.name": isHost ? "host" : workload.container,
    "evt.time": evtTimeMarker,
    "evt.type": spec.evtType,
    "k8s.ns.name": isHost ? null : workload.namespace,
    "k8s.pod.name": pod,
    "proc.cmdline": proc.cmdline,
    "proc.exepath": proc.exepath,
    "proc.name": proc.name,
    "proc.pname": proc.parent,
    "user.loginuid": -1,
    "user.name": proc.user,
    "user.uid": proc.uid,
    ...spec.fields,
  };
  const details = [
    `evt_type=${fields["evt.type"]} user=${proc.user} user_uid=${proc.uid} user_loginuid=-1`,
    `process=${proc.name} proc_exepath=${proc.exepath} parent=${proc.parent} command=${proc.cmdline}`,
    `container_id=${containerId} container_name=${fields["container.name"]}`,
    `container_image_repository=${fields["container.image.repository"] ?? "<NA>"} container_image_tag=${fields["container.image.tag"] ?? "<NA>"}`,
    `k8s_pod_name=${pod ?? "<NA>"} k8s_ns_name=${fields["k8s.ns.name"] ?? "<NA>"}`,
  ].join(" ");
  const alert = {
    uuid: randomUUID(),
    output: `${clockOf(nanos)}: ${spec.priority} ${spec.message} | ${details}`,
    priority: spec.priority,
    rule: spec.rule,
    time: rfc3339Of(nanos),
    output_fields: fields,
    source: "syscall",
    tags: isHost ? [...spec.tags.filter((tag) => tag !== "container"), "host"] : spec.tags,
    hostname,
  };
  // `evt.time` needs more digits than a JS number holds exactly: written into the text as digits.
  return JSON.stringify(alert).replace(`"${evtTimeMarker}"`, nanos.toString());
}

function auditAlert(index: number, nanos: bigint): string {
  const spec = pick(auditRules, index, 2);
  const workload = pick(workloads, index, 3);
  const user = pick(auditUsers, index, 4);
  const pod = `${workload.namespace}-${workload.container}-${hex(index, 6, 6)}-${hex(index, 7, 5)}`;
  const fields = {
    "ka.auth.decision": "allow",
    "ka.auth.reason": `RBAC: allowed by ClusterRoleBinding "ops-${workload.namespace}" of ClusterRole "edit" to User "${user}"`,
    "ka.req.pod.containers.image": [`${workload.image}:${workload.tag}`],
    "ka.req.pod.containers.privileged": [spec.rule === "Create Privileged Pod"],
    "ka.response.code": 201,
    "ka.sourceips": ["10.0.3.250"],
    "ka.target.name": pod,
    "ka.target.namespace": workload.namespace,
    "ka.target.resource": spec.resource,
    "ka.target.subresource": spec.subresource,
    "ka.uri": `/api/v1/namespaces/${workload.namespace}/${spec.resource}/${pod}${spec.subresource ? `/${spec.subresource}?command=sh&stdin=true&tty=true` : ""}`,
    "ka.useragent": "kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46",
    "ka.user.groups": ["system:authenticated", "oidc:platform-team"],
    "ka.user.name": user,
    "ka.verb": spec.verb,
  };
  const alert = {
    uuid: randomUUID(),
    output: `${clockOf(nanos)}: ${spec.priority} ${spec.message} (user=${user} pod=${pod} resource=${spec.resource} ns=${workload.namespace} action=${spec.subresource ?? spec.verb} uri=${fields["ka.uri"]})`,
    priority: spec.priority,
    rule: spec.rule,
    time: rfc3339Of(nanos),
    output_fields: fields,
    source: "k8s_audit",
    tags: ["k8s", "maturity_stable"],
    hostname: "falco-k8saudit-0",
  };
  return JSON.stringify(alert);
}

/** Falco's own health alert: small, no tags, Debug. */
function internalAlert(index: number, nanos: bigint): string {
  const drops = 100 + (mix(index, 8) % 5_000);
  return JSON.stringify({
    uuid: randomUUID(),
    output: `Falco internal: syscall event drop. ${drops} system calls dropped in last second.`,
    output_fields: {
      ebpf_enabled: "1",
      n_drops: String(drops),
      n_drops_buffer_total: String(drops),
      n_drops_bug: "0",
      n_drops_pf: "0",
      n_drops_scratch_map: "0",
      n_evts: String(400_000 + (mix(index, 9) % 100_000)),
    },
    priority: "Debug",
    rule: "Falco internal: syscall event drop",
    source: "internal",
    time: rfc3339Of(nanos),
    hostname: pick(hostnames, index, 4),
  });
}

const evtTimeMarker = "@evt.time@";

/** A well-spread 32-bit hash of (index, salt): independent choices per field from one index. */
function mix(index: number, salt: number): number {
  let h = Math.imul(index ^ Math.imul(salt, 0x9e3779b9), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function pick<T>(items: T[], index: number, salt: number): T {
  return items[mix(index, salt) % items.length]!;
}

function hex(index: number, salt: number, length: number): string {
  return (mix(index, salt).toString(16) + mix(index, salt + 100).toString(16)).padStart(16, "0").slice(0, length);
}

function rfc3339Of(nanos: bigint): string {
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, "0");
  return `${new Date(Number(nanos / 1_000_000n)).toISOString().slice(0, 19)}.${fraction}Z`;
}

function clockOf(nanos: bigint): string {
  return rfc3339Of(nanos).slice(11, 29);
}
