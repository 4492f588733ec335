import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { Db } from "@/db/client";
import { getDb } from "@/db/runtime";
import type { Organization, Role, User } from "@/db/schema";
import { hasRole, roleLabels } from "@/lib/auth/roles";
import { getOrganizationForUser } from "@/lib/organizations/queries";
import { crossSiteMessage } from "@/lib/http/same-origin";
import { submittedValues, type ActionResult } from "./action-result";
import { actionCrossSite } from "./same-origin";
import { getCurrentUser } from "./session";

type Context = { db: Db; user: User; organization: Organization; role: Role };

/** The check every action makes for itself: signed in, member of the organization, role at least `role`. */
export async function authorizeAction(slug: string, role: Role): Promise<{ ok: false; error: string } | ({ ok: true } & Context)> {
  const crossSite = await actionCrossSite();
  if (crossSite) {
    console.warn(`Server action refused: ${crossSite}`);
    return { ok: false, error: crossSiteMessage };
  }
  const user = await getCurrentUser();
  if (!user) return { ok: false, error: "Your session has ended. Sign in again." };
  const db = await getDb();
  const membership = await getOrganizationForUser({ db, userId: user.id, slug: String(slug) });
  if (!membership) return { ok: false, error: "Organization not found." };
  if (!hasRole(membership.role, role)) {
    return { ok: false, error: `Only the ${roleLabels[role]} role can do this; you are ${roleLabels[membership.role]}.` };
  }
  return { ok: true, db, user, organization: membership.organization, role: membership.role };
}

/**
 * Builds a server action for one organization. Actions are public endpoints, so the check lives
 * here: signed in, member of the organization named by the caller, role at least `role`, input
 * parsed with zod. Bind the organization slug: `action.bind(null, slug)`.
 */
export function orgAction<S extends z.ZodType, T>(options: {
  role: Role;
  schema: S;
  run: (input: z.infer<S>, context: Context) => Promise<T>;
  revalidate?: (slug: string) => string;
  message?: string;
}) {
  return async (slug: string, _previous: ActionResult<T> | null, formData: FormData): Promise<ActionResult<T>> => {
    const auth = await authorizeAction(slug, options.role);
    if (!auth.ok) return auth;
    const { db, user, organization, role } = auth;
    const parsed = options.schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>;
      return { ok: false, error: "Some fields need attention.", fieldErrors, values: submittedValues(formData) };
    }
    const data = await options.run(parsed.data, { db, user, organization, role });
    if (options.revalidate) revalidatePath(options.revalidate(slug));
    return { ok: true, data, message: options.message };
  };
}
