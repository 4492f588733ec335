/**
 * The session cookie's name and attributes. In production the `__Host-` prefix makes the browser
 * refuse it unless it is Secure, Path=/ and without Domain, so no sibling subdomain (or plain-HTTP
 * page) can set or shadow it. Development over http://localhost keeps a plain name.
 */
export function sessionCookie(nodeEnv: string | undefined) {
  const production = nodeEnv === "production";
  return {
    name: production ? "__Host-dic_session" : "dic_session",
    options: { httpOnly: true, sameSite: "lax" as const, secure: production, path: "/" },
  };
}
