"use server";

import { z } from "zod";
import { orgAction } from "@/app/_lib/org-action";
import { createServiceAccount, revokeServiceAccount, serviceAccountInputSchema } from "@/lib/service-accounts/service";

export const createAccount = orgAction({
  role: "admin",
  schema: serviceAccountInputSchema,
  run: async (input, { db, organization, user }) => {
    const { account, apiKey } = await createServiceAccount({ db, organizationId: organization.id, input, createdByUserId: user.id });
    return { name: account.name, apiKey };
  },
  revalidate: (slug) => `/o/${slug}/service-accounts`,
});

export const revokeAccount = orgAction({
  role: "admin",
  schema: z.object({ id: z.uuid() }),
  run: async ({ id }, { db, organization }) => {
    await revokeServiceAccount({ db, organizationId: organization.id, id });
  },
  revalidate: (slug) => `/o/${slug}/service-accounts`,
  message: "The key is revoked: calls with it now get 401.",
});
