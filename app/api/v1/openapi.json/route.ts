import { openApiDocument } from "@/lib/api/openapi";

// Public, like any API reference: it describes the API, not anyone's data.
export const GET = () => Response.json(openApiDocument);
