import type { Role } from "@/db/schema";

const rank: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/** admin ⊇ operator ⊇ viewer. */
export function hasRole(role: Role, atLeast: Role): boolean {
  return rank[role] >= rank[atLeast];
}

export const roleLabels: Record<Role, string> = {
  admin: "Admin",
  operator: "Operator",
  viewer: "Viewer",
};
