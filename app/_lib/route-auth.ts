import { getDb } from "@/db/runtime";
import type { Role } from "@/db/schema";
import { hasRole, roleLabels } from "@/lib/auth/roles";
import { getOrganizationForUser } from "@/lib/organizations/queries";
import { getCurrentUser } from "./session";

const json = (status: number, error: string) => Response.json({ error }, { status });

/** Route handlers check for themselves: signed in (401), member (404), role (403). */
export async function routeOrganization(slug: string, atLeast: Role) {
  const user = await getCurrentUser();
  if (!user) return json(401, "Sign in first.");
  const db = await getDb();
  const membership = await getOrganizationForUser({ db, userId: user.id, slug });
  if (!membership) return json(404, "Not found.");
  if (!hasRole(membership.role, atLeast)) return json(403, `Only the ${roleLabels[atLeast]} role can do this.`);
  return { db, user, organization: membership.organization, role: membership.role };
}
