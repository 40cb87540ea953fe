import { queryObject } from "@/lib/groups/group-filters";
import { getCentralOverview, requireAllTenants } from "@/lib/overview/central-overview";
import { apiRoute } from "@/lib/server/api-route";

// `?period=24h|7d|30d`: the central overview's aggregates, for people who see every tenant (others: 403).
export const GET = apiRoute(async ({ request, caller }) => getCentralOverview(requireAllTenants(caller), queryObject(new URL(request.url).searchParams)));
