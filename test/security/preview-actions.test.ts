import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deviceCsvColumns } from "@/lib/import/dialects/device-csv";
import { stageImport } from "@/lib/imports/stage";
import { securityFixture } from "./fixture";

// The request context of a server action or route: its headers and the signed-in user.
const ctx = vi.hoisted(() => ({ headers: new Headers(), user: null as unknown }));
vi.mock("next/headers", () => ({ headers: async () => ctx.headers, cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }) }));
vi.mock("next/server", () => ({ after: () => undefined }));
vi.mock("next/navigation", () => ({ redirect: (to: string) => { throw new Error(`redirect ${to}`); } }));
vi.mock("@/app/_lib/secrets", () => ({ getSecretBox: () => fixture.secrets }));
vi.mock("@/app/_lib/session", () => ({ getCurrentUser: async () => ctx.user, SESSION_COOKIE: "dic_session", setSessionCookie: async () => undefined, clearSessionCookie: async () => undefined }));
vi.mock("@/db/runtime", () => ({ getDb: async () => fixture.db }));

let fixture: Awaited<ReturnType<typeof securityFixture>>;
beforeAll(async () => {
  fixture = await securityFixture();
  ctx.headers = new Headers({ origin: "http://localhost:3000", host: "localhost:3000" });
});
afterAll(() => fixture.database.dispose());

const csvRow = (key: string) => [`Gateway ${key}`, key, "", "", "globex", "", "60", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""].join(",");
/** A staged import of Globex, which the operator of Acme is not a member of. */
async function stageGlobex() {
  const staged = await stageImport({
    db: fixture.db,
    organization: await fixture.organization("globex"),
    productId: null,
    actor: { userId: (await fixture.user("admin@example.com")).id, isPlatformAdmin: false },
    source: "console",
    secrets: fixture.secrets,
    file: { name: "c.csv", bytes: new TextEncoder().encode(`${deviceCsvColumns.join(",")}\n${csvRow("GX:00:01")}`) },
  });
  if (!staged.ok) throw new Error(staged.error.message);
  return staged.value.importId;
}
const order = { filter: "all", q: "", sort: "invalid-first" } as const;

describe("the preview's bulk fixes and windows", () => {
  it("refuse a viewer, and treat another organization's import as not found", async () => {
    const { bulkEditImport, undoImportEdit, countImportMatches } = await import("@/app/(console)/o/[org]/imports/[id]/actions");
    const { GET } = await import("@/app/(console)/o/[org]/imports/[id]/rows/route");
    const issues = await import("@/app/(console)/o/[org]/imports/[id]/issues/route");
    const foreign = await stageGlobex();
    const edit = { importId: foreign, edit: { kind: "remove" as const }, target: { view: order }, order };

    ctx.user = await fixture.user("viewer@example.com");
    expect(await bulkEditImport("acme", edit)).toMatchObject({ ok: false, error: expect.stringMatching(/role/) });

    ctx.user = await fixture.user("operator@example.com");
    expect(await bulkEditImport("acme", edit)).toEqual({ ok: false, error: "Import not found." });
    expect(await undoImportEdit("acme", { importId: foreign, order })).toEqual({ ok: false, error: "Import not found." });
    expect(await countImportMatches("acme", { importId: foreign, target: { view: order }, column: "Device Name", find: "G" })).toEqual({ ok: false, error: "Import not found." });
    const params = Promise.resolve({ org: "acme", id: foreign });
    expect((await GET(new Request(`http://localhost:3000/o/acme/imports/${foreign}/rows`), { params })).status).toBe(404);
    expect((await issues.GET(new Request(`http://localhost:3000/o/acme/imports/${foreign}/issues`), { params })).status).toBe(404);
    // A window past what a request may ask for is refused, with no internals.
    const tooMany = await GET(new Request(`http://localhost:3000/o/acme/imports/${foreign}/rows?limit=100000`), { params });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual({ error: "That window of rows could not be read." });
    // Nothing of the foreign import changed.
    const { summarizeImportRows } = await import("@/lib/imports/row-window");
    expect(await summarizeImportRows({ db: fixture.db, importId: foreign })).toMatchObject({ all: 1, removed: 0 });
  });
});
