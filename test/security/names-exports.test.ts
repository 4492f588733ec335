import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deviceGroups, imports } from "@/db/schema";
import { sessionCookie } from "@/lib/auth/session-cookie";
import { csvText } from "@/lib/import/reports/csv-text";
import { neutralize } from "@/lib/import/reports/neutralize";
import { resultCsv } from "@/lib/import/reports/result-csv";
import { commitImport } from "@/lib/imports/commit";
import { stageImport } from "@/lib/imports/stage";
import { securityFixture } from "./fixture";

const auth = vi.hoisted(() => ({ current: null as unknown }));
vi.mock("@/app/_lib/route-auth", () => ({ routeOrganization: async () => auth.current }));
vi.mock("@/app/_lib/secrets", () => ({ getSecretBox: () => fixture.secrets }));

let fixture: Awaited<ReturnType<typeof securityFixture>>;
beforeAll(async () => {
  fixture = await securityFixture();
  auth.current = { db: fixture.db, user: await fixture.user(), organization: await fixture.organization(), role: "operator" };
});
afterAll(() => fixture.database.dispose());

const uploadAs = async (name: string, body = "ID;CREDENTIALS\nN-1;secret-1\n") => {
  const { POST } = await import("@/app/(console)/o/[org]/imports/upload/route");
  const form = new FormData();
  form.append("productKey", "MTR3P");
  form.append("file", new File([body], name, { type: "text/csv" }));
  // The same bytes under many names: stage each anew rather than be offered the first (duplicate check).
  form.append("again", "1");
  return POST(new Request("http://localhost/o/acme/imports/upload", { method: "POST", body: form, headers: { "sec-fetch-site": "same-origin" } }), { params: Promise.resolve({ org: "acme" }) });
};
const fileNameOf = async (importId: string) => (await fixture.db.select({ name: imports.fileName }).from(imports).where(eq(imports.id, importId)))[0]!.name;

describe("uploaded file names", () => {
  it("are reduced to a safe display name; downloads use it (not ../../a-failed-rows.xlsx)", async () => {
    const response = await uploadAs("../../a.csv");
    expect(response.status).toBe(201);
    const { importId } = await response.json();
    expect(await fileNameOf(importId)).toBe("a.csv");
    const { GET } = await import("@/app/(console)/o/[org]/imports/[id]/download/[kind]/route");
    const download = await GET(new Request("http://localhost/x"), { params: Promise.resolve({ org: "acme", id: importId, kind: "failed" }) });
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="a-failed-rows\.xlsx"/);
  });

  it("a NUL or control characters in the name never cause a 500", async () => {
    const response = await uploadAs("ev\u0000il\u001b[31m\u202e.csv");
    expect(response.status).toBe(201);
    expect(await fileNameOf((await response.json()).importId)).toBe("evil[31m.csv");
  });

  it("a name longer than 255 bytes is cut to 255 bytes, keeping the extension", async () => {
    const response = await uploadAs(`${"設".repeat(200)}.csv`);
    const name = (await fileNameOf((await response.json()).importId))!;
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith(".csv")).toBe(true);
  });
});

describe("the session cookie", () => {
  it("is __Host- prefixed, Secure, Path=/ and without Domain in production", () => {
    const production = sessionCookie("production");
    expect(production.name.startsWith("__Host-")).toBe(true);
    expect(production.options).toMatchObject({ secure: true, path: "/", httpOnly: true });
    expect(production.options).not.toHaveProperty("domain");
  });
});

describe("exports neutralise formula-like values and quote every CSV cell", () => {
  it.each(["\n=1+2", " =1+2", "\u00a0=1+2", "\n+cmd|' /C calc'!A0", " @SUM(A1)", "\u00a0-2+3", "=1+2"])("%j gets a leading apostrophe", (value) => {
    expect(neutralize(value)).toBe(`'${value}`);
  });

  it("keeps numbers and offsets as they are, also after a space", () => {
    for (const value of ["-5", "+08:00", " -5", "plain"]) expect(neutralize(value)).toBe(value);
  });

  it("quotes every cell of the result CSV", () => {
    const text = resultCsv([{ line: 3, deviceKey: " =evil", operation: "create", outcome: "failed", message: "plain" }]);
    expect(text.split("\r\n")[1]).toBe(`"3","' =evil","create","failed","plain",""`);
    expect(csvText([["a", 1, null]])).toBe('\uFEFF"a","1",""\r\n');
  });
});

describe("group paths", () => {
  const bulk = (path: string, id: string) => `ID;CREDENTIALS;TYPE;NAME;PATH\n${id};pw-123456;t;n;${path}\n`;
  const stage = async (path: string, id: string) => {
    const staged = await stageImport({
      db: fixture.db,
      organization: await fixture.organization(),
      productId: (await fixture.db.query.products.findFirst({ where: (p, { eq }) => eq(p.productKey, "MTR3P") }))!.id,
      actor: { userId: (await fixture.user()).id, isPlatformAdmin: false },
      source: "console",
      secrets: fixture.secrets,
      file: { name: "groups.csv", bytes: new TextEncoder().encode(bulk(path, id)) },
    });
    if (!staged.ok) throw new Error(staged.error.message);
    return staged.value;
  };

  it.each([
    ["a/../b", /"\." or "\.\."/],
    ["./a", /"\." or "\.\."/],
    [Array.from({ length: 11 }, (_, i) => `L${i}`).join("/"), /at most 10/],
    [`a/${"x".repeat(129)}`, /longer than 128 bytes/],
    [`a/${"é".repeat(65)}`, /longer than 128 bytes/],
  ])("%s is refused for its row", async (path, message) => {
    const staged = await stage(path, `GP-${Math.random().toString(36).slice(2, 8)}`);
    expect(staged.summary.invalid).toBe(1);
    expect(staged.rows[0]!.errors.map((e) => e.message).join(" ")).toMatch(message);
  });

  it("the depth cap is the organization's setting", async () => {
    await fixture.setLimits({ maxGroupDepth: 3 });
    expect((await stage("a/b/c/d", "GP-DEPTH-1")).summary.invalid).toBe(1);
    await fixture.setLimits({ maxGroupDepth: 10 });
    const staged = await stage("a/b/c/d", "GP-DEPTH-2");
    expect(staged.summary.invalid).toBe(0);
    await commitImport({ db: fixture.db, importId: staged.importId, organization: await fixture.organization(), isPlatformAdmin: false, secrets: fixture.secrets });
    const groups = await fixture.db.select({ path: deviceGroups.path }).from(deviceGroups);
    expect(groups.map((g) => g.path)).toContain("a/b/c/d");
  });
});
