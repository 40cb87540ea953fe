export type Sender = "falcosidekick" | "falco" | "fluent-bit";

export interface SenderSnippet {
  sender: Sender;
  title: string;
  /** Where the snippet goes in the sender's configuration. */
  file: string;
  text: string;
}

/**
 * Ready-to-paste configuration for each sender, for one ingest token and the address Falconry is
 * reached at. With `https://falconry.example.com` and the token `fry_ingest_…` they are exactly the
 * README's snippets (sender-snippets.test.ts holds them to that), so the two never drift apart.
 */
export function senderSnippets({ baseUrl, token }: { baseUrl: string; token: string }): SenderSnippet[] {
  const url = new URL(baseUrl);
  // A public URL may carry a path prefix when Falconry sits behind a reverse proxy.
  const ingestPath = `${url.pathname.replace(/\/+$/, "")}/api/v1/ingest`;
  const ingestUrl = `${url.origin}${ingestPath}`;
  const isTls = url.protocol === "https:";
  return [
    {
      sender: "falcosidekick",
      title: "Falcosidekick",
      file: "config.yaml (or the Helm chart's config.webhook)",
      text: [
        "webhook:",
        `  address: "${ingestUrl}"`,
        "  customHeaders:",
        `    Authorization: "Bearer ${token}"`,
        "  # Falcosidekick posts one alert per request and never retries a failed one: let it keep several",
        "  # requests in flight so a burst does not queue up behind one round trip.",
        "  maxconcurrentrequests: 64",
        '  minimumpriority: ""',
        "  checkcert: true",
      ].join("\n"),
    },
    {
      sender: "falco",
      title: "Falco's own http_output",
      file: "falco.yaml",
      text: [
        "json_output: true                   # required: Falconry reads JSON alerts only",
        "json_include_output_property: true",
        "json_include_tags_property: true",
        "http_output:",
        "  enabled: true",
        `  url: "${ingestUrl}/${token}"`,
        '  user_agent: "falcosecurity/falco"',
        "  keep_alive: true",
      ].join("\n"),
    },
    {
      sender: "fluent-bit",
      title: "Fluent Bit",
      file: "fluent-bit.conf",
      text: [
        "[OUTPUT]",
        iniLine("Name", "http"),
        iniLine("Match", "falco.*"),
        iniLine("Host", url.hostname.replace(/^\[(.*)\]$/, "$1")),
        iniLine("Port", url.port || (isTls ? "443" : "80")),
        iniLine("URI", ingestPath),
        iniLine("Format", "json_lines"),
        iniLine("Header", `Authorization Bearer ${token}`),
        iniLine("Compress", "gzip"),
        iniLine("tls", isTls ? "On" : "Off"),
        ...(isTls ? [iniLine("tls.verify", "On")] : []),
      ].join("\n"),
    },
  ];
}

function iniLine(key: string, value: string): string {
  return `    ${key.padEnd(18)}${value}`;
}
