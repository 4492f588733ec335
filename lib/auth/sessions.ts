import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { sessions, users } from "@/db/schema";
import { getDummyHash, verifyPassword } from "./password";

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Same message for an unknown email and a wrong password: no hint which. */
export const INVALID_CREDENTIALS = "Email or password is incorrect.";

export async function authenticateUser({ db, email, password }: { db: DbOrTx; email: string; password: string }) {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  const ok = await verifyPassword(password, user?.passwordHash ?? (await getDummyHash()));
  return user && ok ? user : null;
}

export async function createSession({ db, userId }: { db: DbOrTx; userId: string }) {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.insert(sessions).values({ id: hashToken(token), userId, expiresAt });
  // Opportunistic clean-up keeps the table small without a scheduler.
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  return { token, expiresAt };
}

export async function getUserBySessionToken({ db, token }: { db: DbOrTx; token: string }) {
  const [row] = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, hashToken(token)), gt(sessions.expiresAt, new Date())));
  return row?.user ?? null;
}

export async function deleteSession({ db, token }: { db: DbOrTx; token: string }) {
  await db.delete(sessions).where(eq(sessions.id, hashToken(token)));
}
