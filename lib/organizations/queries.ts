import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { memberships, organizations } from "@/db/schema";

export async function listOrganizationsByUser({ db, userId }: { db: DbOrTx; userId: string }) {
  return db
    .select({ id: organizations.id, slug: organizations.slug, name: organizations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organizations.name));
}

/** The organization and the user's role in it, or null when the user is not a member (callers answer 404). */
export async function getOrganizationForUser({ db, userId, slug }: { db: DbOrTx; userId: string; slug: string }) {
  const [row] = await db
    .select({ organization: organizations, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, userId), eq(organizations.slug, slug)));
  return row ?? null;
}
