import { normalizeError } from "@/lib/normalize-error";

/** What a form's server action answers when it does not redirect: the message to show. */
export interface ActionResult {
  error: string | null;
}

/** Known failures become the message to show; anything else is logged and shown as a 500 would be. */
export function actionError(error: unknown): ActionResult {
  const known = normalizeError(error);
  if (known) return { error: known.message };
  console.error(error);
  return { error: "Something went wrong on the server; try again, and tell an administrator if it keeps happening." };
}
