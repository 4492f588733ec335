import { and, count, eq, gt, lt, min } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { signInFailures } from "@/db/schema";

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

const normalize = (email: string) => email.trim().toLowerCase();

/** Seconds until this email may try again, or 0. Unknown emails are throttled alike. */
export async function signInBlockedFor({ db, email, now = new Date() }: { db: DbOrTx; email: string; now?: Date }): Promise<number> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const [row] = await db
    .select({ failures: count(), first: min(signInFailures.createdAt) })
    .from(signInFailures)
    .where(and(eq(signInFailures.email, normalize(email)), gt(signInFailures.createdAt, since)));
  if (!row || row.failures < MAX_FAILURES || !row.first) return 0;
  return Math.max(1, Math.ceil((new Date(row.first).getTime() + WINDOW_MS - now.getTime()) / 1000));
}

export async function recordSignInFailure({ db, email }: { db: DbOrTx; email: string }) {
  await db.insert(signInFailures).values({ email: normalize(email) });
  // Old rows are removed as new ones come, so the table stays small without a scheduler.
  await db.delete(signInFailures).where(lt(signInFailures.createdAt, new Date(Date.now() - WINDOW_MS)));
}

export async function clearSignInFailures({ db, email }: { db: DbOrTx; email: string }) {
  await db.delete(signInFailures).where(eq(signInFailures.email, normalize(email)));
}

export const throttledMessage = (seconds: number) => `Too many failed sign-ins for this email. Try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? "s" : ""}.`;
