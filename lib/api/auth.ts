import type { Db } from "@/db/client";
import type { Organization, Role } from "@/db/schema";
import { hasRole } from "@/lib/auth/roles";
import { takeRateLimit, tooManyRequests } from "@/lib/rate-limit/take";
import { authenticateApiKey } from "@/lib/service-accounts/service";

export type ApiCaller = NonNullable<Awaited<ReturnType<typeof authenticateApiKey>>>;

const problem = (status: number, message: string) => Response.json({ error: status === 401 ? "Unauthorized" : "Forbidden", message }, { status });

/**
 * Cumulocity clients send Basic `tenant/user:password` (@c8y/client's BasicAuth): the password is
 * the API key; the tenant, when given, must be the key's organization; the user is free text.
 */
function basicCredentials(header: string): { key: string; tenant: string | null } | null {
  let decoded: string;
  try {
    decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const user = decoded.slice(0, colon);
  const slash = user.indexOf("/");
  return { key: decoded.slice(colon + 1), tenant: slash > 0 ? user.slice(0, slash) : null };
}

/**
 * The key comes in a header (Authorization: Bearer or Basic, or X-API-Key), never the query string.
 * 401: missing, malformed, unknown, revoked or expired key. 429: over the key's calls per minute. 403: a live key without device management
 * (operator or admin role), or for another organization than the one the call names.
 */
export async function authenticateRequest(db: Db, request: Request, options: { organizationRef?: string | null; role?: Role } = {}): Promise<ApiCaller | Response> {
  const url = new URL(request.url);
  if (["apiKey", "api_key", "key", "token"].some((p) => url.searchParams.has(p))) {
    return problem(401, "Send the API key in the Authorization header (Bearer) or X-API-Key, never in the URL.");
  }
  const header = request.headers.get("authorization");
  const basic = header?.toLowerCase().startsWith("basic ") ? basicCredentials(header) : null;
  const key = header?.toLowerCase().startsWith("bearer ") ? header.slice(7) : (basic?.key ?? request.headers.get("x-api-key"));
  if (!key) return problem(401, "Missing API key: send Authorization: Bearer <key> (or Basic tenant/user:<key>).");
  const caller = await authenticateApiKey({ db, key });
  if (!caller) return problem(401, "The API key is not valid, or it has been revoked or has expired.");
  if (basic?.tenant && !matchesOrganization(caller.organization, basic.tenant)) return problem(401, `The API key does not belong to tenant "${basic.tenant}".`);
  if (!hasRole(caller.account.role, options.role ?? "operator")) return problem(403, "This service account may not manage devices (it needs the operator or admin role).");
  const ref = options.organizationRef;
  if (ref && !matchesOrganization(caller.organization, ref)) return problem(403, `This service account does not belong to organization "${ref}".`);
  // Counted per key in the database, so the limit holds across app servers.
  const rate = await takeRateLimit({ db, key: `api:${caller.account.id}`, limit: caller.organization.apiCallsPerMinute });
  if (!rate.ok) return tooManyRequests(rate, `This API key made more than ${caller.organization.apiCallsPerMinute} calls in a minute, the limit of ${caller.organization.name}.`);
  return caller;
}

export const matchesOrganization = (organization: Organization, ref: string) => ref === organization.id || ref.toLowerCase() === organization.slug;
