import { headers } from "next/headers";
import { readEnv } from "@/lib/env";
import { crossSiteReason } from "@/lib/http/same-origin";

const trusted = () => readEnv().TRUSTED_PROXY_HOSTS;

/** For route handlers: why the request is cross-site, or null. */
export const requestCrossSite = (request: Request) => crossSiteReason(request.headers, trusted());

/**
 * For server actions: Next.js compares Origin with X-Forwarded-Host when it is present, so a forged
 * X-Forwarded-Host would let a cross-site post through; this check trusts it only for a named proxy.
 */
export async function actionCrossSite() {
  return crossSiteReason(await headers(), trusted());
}
