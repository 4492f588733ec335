import { lt, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rateLimitWindows } from "@/db/schema";

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/**
 * Counts one request for `key` in the current fixed window and says whether it is within `limit`.
 * One atomic upsert per request, so concurrent requests on several servers agree on the count.
 * (rate-limiter-flexible's Postgres store wants a `pg` pool; this also runs on PGlite, in one statement.)
 */
export async function takeRateLimit({ db, key, limit, windowSeconds = 60, now = new Date() }: { db: DbOrTx; key: string; limit: number; windowSeconds?: number; now?: Date }): Promise<RateDecision> {
  const windowMs = windowSeconds * 1000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimitWindows)
    .values({ key, windowStart: start, hits: 1 })
    .onConflictDoUpdate({ target: [rateLimitWindows.key, rateLimitWindows.windowStart], set: { hits: sql`${rateLimitWindows.hits} + 1` } })
    .returning({ hits: rateLimitWindows.hits });
  // Windows that ended long ago are dead weight; a few callers clean up for everyone.
  if (Math.random() < 0.02) await db.delete(rateLimitWindows).where(lt(rateLimitWindows.windowStart, new Date(now.getTime() - 3600_000)));
  const hits = row?.hits ?? 1;
  if (hits <= limit) return { ok: true, remaining: limit - hits };
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000)) };
}

/** The 429 a refused request gets: JSON with the reason, and Retry-After in seconds. */
export function tooManyRequests(decision: { retryAfterSeconds: number }, message: string) {
  return Response.json(
    { error: "Too Many Requests", message: `${message} Try again in ${decision.retryAfterSeconds} s.` },
    { status: 429, headers: { "retry-after": String(decision.retryAfterSeconds) } },
  );
}
