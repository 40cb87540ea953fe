import { groupFilterShape, listGroupsQuerySchema, queryObject } from "@/lib/groups/group-filters";
import type { GroupFilterInput } from "@/components/groups/group-api";
import { describeIssues } from "@/lib/validation";

/*
 * The group list's view lives in the page's URL (filters and sort), so it can be shared: these read
 * it with the API's own schema, and say what the list asks the API for.
 */

const filterKeys = new Set(Object.keys(groupFilterShape));
/** Kept in the URL: the filters and the sort. A cursor is not: "More" pages are the page's own. */
const viewKeys = new Set([...filterKeys, "sort"]);

export type GroupListView =
  | { isValid: true; query: string; filter: GroupFilterInput; params: URLSearchParams }
  | { isValid: false; error: string; params: URLSearchParams };

export function readGroupListView(search: URLSearchParams): GroupListView {
  const params = new URLSearchParams();
  for (const [key, value] of search) if (viewKeys.has(key) && value.trim() !== "") params.append(key, value);
  const parsed = listGroupsQuerySchema.safeParse(queryObject(params));
  if (!parsed.success) return { isValid: false, error: describeIssues(parsed.error.issues), params };
  const filter: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(queryObject(params))) if (filterKeys.has(key)) filter[key] = value;
  return { isValid: true, query: params.toString(), filter: filter as GroupFilterInput, params };
}

/** The filter as query parameters again, for the count of what a bulk update by filter would touch. */
export function filterQuery(filter: GroupFilterInput): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (Array.isArray(value)) value.forEach((v) => params.append(key, String(v)));
    else if (value !== undefined) params.set(key, String(value));
  }
  return params.toString();
}
