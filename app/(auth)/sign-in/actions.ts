"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/runtime";
import { INVALID_CREDENTIALS, authenticateUser, createSession, deleteSession } from "@/lib/auth/sessions";
import { clearSignInFailures, recordSignInFailure, signInBlockedFor, throttledMessage } from "@/lib/auth/throttle";
import { submittedValues, type ActionResult } from "@/app/_lib/action-result";
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie } from "@/app/_lib/session";
import { cookies } from "next/headers";
import { actionCrossSite } from "@/app/_lib/same-origin";
import { crossSiteMessage } from "@/lib/http/same-origin";

const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email").max(254).email("Enter a valid email address"),
  password: z.string().min(1, "Enter your password").max(200),
  next: z.string().optional(),
});

/** Only same-site paths: `//evil.example` and absolute URLs are not followed. */
function safeNext(next: string | undefined) {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export async function signIn(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  // Login CSRF: a foreign page must not sign the browser in to an account of its choosing.
  if (await actionCrossSite()) return { ok: false, error: crossSiteMessage };
  const parsed = signInSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors;
    return { ok: false, error: "Enter your email and password.", fieldErrors, values: submittedValues(formData, ["password"]) };
  }
  const db = await getDb();
  const values = submittedValues(formData, ["password"]);
  const blocked = await signInBlockedFor({ db, email: parsed.data.email });
  if (blocked > 0) return { ok: false, error: throttledMessage(blocked), values };
  const user = await authenticateUser({ db, email: parsed.data.email, password: parsed.data.password });
  if (!user) {
    await recordSignInFailure({ db, email: parsed.data.email });
    return { ok: false, error: INVALID_CREDENTIALS, values };
  }
  await clearSignInFailures({ db, email: parsed.data.email });
  const session = await createSession({ db, userId: user.id });
  await setSessionCookie(session.token, session.expiresAt);
  redirect(safeNext(parsed.data.next));
}

export async function signOut(): Promise<void> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (token) await deleteSession({ db: await getDb(), token });
  await clearSessionCookie();
  redirect("/sign-in");
}
