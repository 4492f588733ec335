import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { securityFixture } from "./fixture";

// The console's request context: the headers of the current request, and the signed-in admin.
const ctx = vi.hoisted(() => ({ headers: new Headers(), auth: null as unknown, user: null as unknown }));
vi.mock("next/headers", () => ({ headers: async () => ctx.headers, cookies: async () => ({ get: () => undefined, set: () => undefined }) }));
vi.mock("@/app/_lib/route-auth", () => ({ routeOrganization: async () => ctx.auth }));
vi.mock("@/app/_lib/secrets", () => ({ getSecretBox: () => fixture.secrets }));
vi.mock("@/app/_lib/session", () => ({ getCurrentUser: async () => ctx.user }));
vi.mock("@/db/runtime", () => ({ getDb: async () => fixture.db }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

let fixture: Awaited<ReturnType<typeof securityFixture>>;
beforeAll(async () => {
  fixture = await securityFixture();
  ctx.user = await fixture.user("admin@example.com");
  ctx.auth = { db: fixture.db, user: await fixture.user(), organization: await fixture.organization(), role: "operator" };
});
afterAll(() => fixture.database.dispose());

const upload = async (headers: Record<string, string>) => {
  const { POST } = await import("@/app/(console)/o/[org]/imports/upload/route");
  const form = new FormData();
  form.append("productKey", "INV5K");
  form.append("file", new File(["not a template"], "a.csv"));
  return POST(new Request("http://localhost:3000/o/acme/imports/upload", { method: "POST", body: form, headers }), { params: Promise.resolve({ org: "acme" }) });
};

describe("the cookie-authenticated upload route refuses cross-site posts", () => {
  it.each([
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site", origin: "https://evil.example", host: "localhost:3000" }],
    ["Sec-Fetch-Site: same-site (a sibling subdomain)", { "sec-fetch-site": "same-site", origin: "https://other.localhost:3000", host: "localhost:3000" }],
    ["a foreign Origin", { origin: "https://evil.example", host: "localhost:3000" }],
    ["a foreign Origin with a forged X-Forwarded-Host", { origin: "https://evil.example", host: "localhost:3000", "x-forwarded-host": "evil.example" }],
    ['Origin "null" (a sandboxed page)', { origin: "null", host: "localhost:3000" }],
  ])("%s → 403", async (_name, headers) => {
    const response = await upload(headers);
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("CROSS_SITE");
  });

  it("our own page's post passes the check", async () => {
    const response = await upload({ "sec-fetch-site": "same-origin", origin: "http://localhost:3000", host: "localhost:3000" });
    expect(response.status).not.toBe(403);
  });
});

describe("server actions do not pass on a forged X-Forwarded-Host", () => {
  it("saveLimits from evil.example with X-Forwarded-Host: evil.example is refused and changes nothing", async () => {
    const { saveLimits } = await import("@/app/(console)/o/[org]/settings/actions");
    ctx.headers = new Headers({ origin: "https://evil.example", host: "localhost:3000", "x-forwarded-host": "evil.example" });
    const form = new FormData();
    for (const [k, v] of Object.entries({ maxRowsPerFile: 99_999, maxBytesPerFile: 1024, maxDevicesPerProduct: 1, maxDevicesPerOrganization: 1, maxBatchSize: 1, apiCallsPerMinute: 1, userImportsPerMinute: 1, maxGroupDepth: 1 })) form.append(k, String(v));
    const result = await saveLimits("acme", null, form);
    expect(result.ok).toBe(false);
    expect((await fixture.organization()).maxRowsPerFile).toBe(1000);

    // The same post from our own page goes through.
    ctx.headers = new Headers({ origin: "http://localhost:3000", host: "localhost:3000" });
    expect((await saveLimits("acme", null, form)).ok).toBe(true);
    expect((await fixture.organization()).maxRowsPerFile).toBe(99_999);
    await fixture.setLimits({ maxRowsPerFile: 1000, maxBytesPerFile: 2 * 1024 * 1024, maxDevicesPerProduct: 10_000, maxDevicesPerOrganization: 100_000, maxBatchSize: 1000 });
  });

  it("X-Forwarded-Host counts only when TRUSTED_PROXY_HOSTS names it", async () => {
    const { crossSiteReason } = await import("@/lib/http/same-origin");
    const behindProxy = new Headers({ origin: "https://devices.example.com", host: "127.0.0.1:3000", "x-forwarded-host": "devices.example.com" });
    expect(crossSiteReason(behindProxy)).not.toBeNull();
    expect(crossSiteReason(behindProxy, ["devices.example.com"])).toBeNull();
    const forged = new Headers({ origin: "https://evil.example", host: "127.0.0.1:3000", "x-forwarded-host": "evil.example" });
    expect(crossSiteReason(forged, ["devices.example.com"])).not.toBeNull();
  });

  it("proxy.ts drops an untrusted X-Forwarded-Host before Next.js's own action check sees it", async () => {
    const { proxy } = await import("@/proxy");
    const response = proxy(new NextRequest("http://localhost:3000/o/acme/settings", { method: "POST", headers: { "next-action": "abc", "content-length": "10", origin: "https://evil.example", "x-forwarded-host": "evil.example" } }));
    expect(response.headers.get("x-middleware-override-headers")?.split(",")).not.toContain("x-forwarded-host");
    expect(response.headers.get("x-middleware-request-x-forwarded-host")).toBeNull();
    expect(response.headers.get("x-middleware-override-headers")).not.toBeNull();
  });
});

describe("a server action over its body limit", () => {
  it("gets a clear 413 in plain text (which the Next.js client shows), not a 500", async () => {
    const { proxy } = await import("@/proxy");
    const response = proxy(new NextRequest("http://localhost:3000/o/acme/service-accounts", { method: "POST", headers: { "next-action": "abc", "content-length": String(9 * 1024 * 1024), "content-type": "multipart/form-data; boundary=x" } }));
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(await response.text()).toMatch(/^The form is larger than 1 MB/);
  });

  it("sent chunked (no Content-Length) gets a clear 411, not Next.js's 500 once past the limit", async () => {
    const { proxy } = await import("@/proxy");
    const response = proxy(new NextRequest("http://localhost:3000/o/acme/service-accounts", { method: "POST", headers: { "next-action": "abc", "transfer-encoding": "chunked", "content-type": "multipart/form-data; boundary=x" } }));
    expect(response.status).toBe(411);
    expect(await response.text()).toMatch(/Content-Length/);
  });

  it("within the limit and with its length passes on to Next.js", async () => {
    const { proxy } = await import("@/proxy");
    const response = proxy(new NextRequest("http://localhost:3000/o/acme/service-accounts", { method: "POST", headers: { "next-action": "abc", "content-length": "120" } }));
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });
});
