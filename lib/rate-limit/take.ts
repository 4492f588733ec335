import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { rateLimitBuckets } from "@/db/schema";

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/**
 * Takes one request from the token bucket of `key`: `limit` requests at once, refilled at `limit`
 * per `windowSeconds`. One upsert computes the refill with the database's clock, so concurrent
 * requests on several servers agree. A refused request leaves the bucket below zero, but never
 * below -1: hammering costs the caller at most one more token's wait, not a lockout.
 * (rate-limiter-flexible's Postgres store wants a `pg` pool; this runs on PGlite too.)
 */
export async function takeRateLimit({ db, key, limit, windowSeconds = 60 }: { db: DbOrTx; key: string; limit: number; windowSeconds?: number }): Promise<RateDecision> {
  const perSecond = limit / windowSeconds;
  const t = rateLimitBuckets;
  const result = await db.execute(sql`
    insert into ${t} (key, tokens, updated_at) values (${key}, ${limit - 1}::float8, now())
    on conflict (key) do update set
      tokens = greatest(-1::float8, least(${limit}::float8, ${t.tokens} + extract(epoch from (now() - ${t.updatedAt}))::float8 * ${perSecond}::float8) - 1),
      updated_at = now()
    returning tokens`);
  const left = Number((result as unknown as { rows: { tokens: number | string }[] }).rows[0]!.tokens);
  if (left >= 0) return { ok: true, remaining: Math.floor(left) };
  // The next request passes once one whole token has refilled above zero.
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - left) / perSecond)) };
}

/** The 429 a refused request gets: JSON with the reason, and Retry-After in seconds. */
export function tooManyRequests(decision: { retryAfterSeconds: number }, message: string) {
  return Response.json(
    { error: "Too Many Requests", message: `${message} Try again in ${decision.retryAfterSeconds} s.` },
    { status: 429, headers: { "retry-after": String(decision.retryAfterSeconds) } },
  );
}
