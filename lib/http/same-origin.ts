/**
 * Is this cookie-authenticated request from one of our own pages? Browsers send Sec-Fetch-Site
 * (and Origin) on every POST; a cross-site form or fetch carries `cross-site` / a foreign Origin.
 *
 * The host the page was served from is the Host header. X-Forwarded-Host is anyone's to send, so
 * it counts only when it names one of `trustedProxyHosts` (the public names a reverse proxy in front
 * of the app forwards); otherwise `X-Forwarded-Host: evil.example` would make evil.example "ours".
 * Returns why the request is refused, or null.
 */
export function crossSiteReason(headers: Headers, trustedProxyHosts: readonly string[] = []): string | null {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return `a ${site} request`;
  const origin = headers.get("origin");
  if (origin === null) return null;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return `an unreadable Origin (${origin.slice(0, 100)})`;
  }
  const ours = new Set<string>();
  const host = headers.get("host")?.toLowerCase();
  if (host) ours.add(host);
  const trusted = new Set(trustedProxyHosts.map((h) => h.toLowerCase()));
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded && trusted.has(forwarded)) ours.add(forwarded);
  return ours.has(originHost) ? null : `Origin ${originHost.slice(0, 100)} is not this site`;
}

export const crossSiteMessage = "This request did not come from this console's own pages, so it was refused.";
