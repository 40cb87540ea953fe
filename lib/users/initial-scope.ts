/**
 * The scope the user form (lib/users/user-form.ts) opens with for a person: none for an admin, whose
 * every tenant comes with the role, so that making them anything else takes a choice of tenants
 * rather than keeping all of them. Apart from the form's schema: the browser's form loads it.
 */
export function initialScope(access: { role: string; allTenants: boolean }): "all" | "chosen" | null {
  if (access.role === "admin") return null;
  return access.allTenants ? "all" : "chosen";
}
