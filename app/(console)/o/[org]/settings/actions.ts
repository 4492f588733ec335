"use server";

import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/app/_lib/action-result";
import { authorizeAction, orgAction } from "@/app/_lib/org-action";
import { organizationLimitsSchema, updateOrganizationLimits } from "@/lib/organizations/limits";
import { registrationProductSchema, setRegistrationProduct } from "@/lib/organizations/registration-product";

export const saveLimits = orgAction({
  role: "admin",
  schema: organizationLimitsSchema,
  run: async (limits, { db, organization }) => {
    await updateOrganizationLimits({ db, organizationId: organization.id, limits });
  },
  revalidate: (slug) => `/o/${slug}`,
  message: "Limits saved.",
});

/** Not through orgAction: an unknown product key is an answer for the form, not an exception. */
export async function saveRegistrationProduct(slug: string, _previous: ActionResult<void> | null, formData: FormData): Promise<ActionResult<void>> {
  const auth = await authorizeAction(slug, "admin");
  if (!auth.ok) return auth;
  const parsed = registrationProductSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { ok: false, error: "Pick a product of this organization." };
  const saved = await setRegistrationProduct({ db: auth.db, organizationId: auth.organization.id, productKey: parsed.data.productKey });
  if (!saved.ok) return { ok: false, error: saved.error };
  revalidatePath(`/o/${slug}/settings`);
  return { ok: true, data: undefined, message: "Product for registrations saved." };
}
