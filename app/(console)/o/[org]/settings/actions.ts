"use server";

import { orgAction } from "@/app/_lib/org-action";
import { organizationLimitsSchema, updateOrganizationLimits } from "@/lib/organizations/limits";

export const saveLimits = orgAction({
  role: "admin",
  schema: organizationLimitsSchema,
  run: async (limits, { db, organization }) => {
    await updateOrganizationLimits({ db, organizationId: organization.id, limits });
  },
  revalidate: (slug) => `/o/${slug}`,
  message: "Limits saved.",
});
