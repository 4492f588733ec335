import { cookies } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/runtime";
import type { Role } from "@/db/schema";
import { hasRole } from "@/lib/auth/roles";
import { sessionCookie } from "@/lib/auth/session-cookie";
import { getUserBySessionToken } from "@/lib/auth/sessions";
import { getOrganizationForUser } from "@/lib/organizations/queries";

export const SESSION_COOKIE = sessionCookie(process.env.NODE_ENV).name;

/** The signed-in user of this request, or null; looked up once per request. */
export const getCurrentUser = cache(async () => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  return getUserBySessionToken({ db: await getDb(), token });
});

export async function requireUser() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return user;
}

/**
 * The checks every console page makes for itself: signed in, a member of this organization
 * (otherwise 404, so that other organizations cannot even be discovered), and the role asked for.
 */
export const requireOrganization = cache(async (slug: string, atLeast: Role = "viewer") => {
  const user = await requireUser();
  const membership = await getOrganizationForUser({ db: await getDb(), userId: user.id, slug });
  if (!membership) notFound();
  if (!hasRole(membership.role, atLeast)) forbidden();
  return { user, organization: membership.organization, role: membership.role };
});

export async function setSessionCookie(token: string, expires: Date) {
  (await cookies()).set(SESSION_COOKIE, token, { ...sessionCookie(process.env.NODE_ENV).options, expires });
}

export async function clearSessionCookie() {
  // A __Host- cookie is only replaced when the deletion carries the same Secure and Path.
  (await cookies()).set(SESSION_COOKIE, "", { ...sessionCookie(process.env.NODE_ENV).options, maxAge: 0 });
}
