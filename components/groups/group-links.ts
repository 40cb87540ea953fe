import type { AlertItem } from "@/components/groups/alert-api";

/*
 * Links from a value to the triage list filtered by it: the spread's namespaces and hosts, and the
 * newest alert's fields that are list filters. No I/O here.
 */

export interface FilterLink {
  label: string;
  href: string;
}

/** The triage list filtered by these values, in the URL the list reads its view from. */
export function groupListHref(filter: Record<string, string>): string {
  return `/groups?${new URLSearchParams(filter)}`;
}

/**
 * The links of one of an alert's own fields (time, rule, …: not its output fields, which may share a
 * name), or null when the list has no filter for it. A namespace is filtered with its cluster, as
 * the same name in two clusters is two namespaces; tags link one by one.
 */
export function alertFieldLinks(key: string, alert: AlertItem): FilterLink[] | null {
  const one = (label: string, filter: Record<string, string>) => [{ label, href: groupListHref(filter) }];
  switch (key) {
    case "rule":
    case "source":
    case "hostname":
    case "cluster":
    case "priority":
      return one(alert[key], { [key]: alert[key] });
    case "tenant":
      return alert.tenant === null ? null : one(alert.tenant, { tenant: alert.tenant });
    case "namespace":
      return alert.namespace === null ? null : one(alert.namespace, { namespace: alert.namespace, cluster: alert.cluster });
    case "tags":
      return alert.tags.map((tag) => ({ label: tag, href: groupListHref({ tag }) }));
    default:
      return null;
  }
}
