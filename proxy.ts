import { NextResponse, type NextRequest } from "next/server";
import { readEnv } from "@/lib/env";
import { actionBodyTooLarge } from "@/lib/http/action-body-limit";

/**
 * Runs before every request: an over-limit server action gets a clear 413; X-Forwarded-Host is
 * dropped unless it names a trusted proxy, so Next.js's own Server Actions origin check (which
 * prefers it to Host) cannot be passed by a forged header. The action wrapper checks again.
 */
export function proxy(request: NextRequest) {
  const tooLarge = actionBodyTooLarge(request.headers, request.method);
  if (tooLarge) return tooLarge;
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded && !readEnv().TRUSTED_PROXY_HOSTS.includes(forwarded)) {
    const headers = new Headers(request.headers);
    headers.delete("x-forwarded-host");
    return NextResponse.next({ request: { headers } });
  }
  return NextResponse.next();
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
