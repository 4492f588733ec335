import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { imports } from "@/db/schema";
import { handleCsvImport } from "@/lib/api/device-csv";
import { deviceCsvColumns } from "@/lib/import/dialects/device-csv";
import { commitImport } from "@/lib/imports/commit";
import { stageImport } from "@/lib/imports/stage";
import { post, securityFixture } from "./fixture";

const auth = vi.hoisted(() => ({ current: null as unknown }));
vi.mock("@/app/_lib/route-auth", () => ({ routeOrganization: async () => auth.current }));
vi.mock("@/app/_lib/secrets", () => ({ getSecretBox: () => fixture.secrets }));

let fixture: Awaited<ReturnType<typeof securityFixture>>;
const logged: string[] = [];
beforeAll(async () => {
  fixture = await securityFixture();
  auth.current = { db: fixture.db, user: await fixture.user(), organization: await fixture.organization(), role: "operator" };
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(" ")));
});
afterAll(() => fixture.database.dispose());

const csvRow = (key: string) => [`Gateway ${key}`, key, "", "", "acme", "MTR3P", "60", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""].join(",");
const deviceCsv = (key: string) => `${deviceCsvColumns.join(",")}\n${csvRow(key)}`;
/** Nothing a caller should ever read: SQL, bound parameters, stack frames. */
const INTERNALS = /select |insert into|update "|params:|failed query|at .*\(|\.ts:\d+|import_rows|devices_/i;

/** Makes the next writes fail inside the database, as a broken table would. */
const breakTable = (name: string) => fixture.db.execute(sql.raw(`alter table ${name} rename to ${name}_gone`));
const mendTable = (name: string) => fixture.db.execute(sql.raw(`alter table ${name}_gone rename to ${name}`));

describe("no response or page shows SQL, parameters or a stack; the log keeps them under the response's request id", () => {
  it("the console upload route: a database failure answers 500 with a request id only", async () => {
    const { POST } = await import("@/app/(console)/o/[org]/imports/upload/route");
    const form = new FormData();
    form.append("productKey", "MTR3P");
    form.append("file", new File(["ID;CREDENTIALS\nX-1;pw-1\n"], "a.csv"));
    await breakTable("import_rows");
    try {
      const response = await POST(new Request("http://localhost/o/acme/imports/upload", { method: "POST", body: form, headers: { "sec-fetch-site": "same-origin" } }), { params: Promise.resolve({ org: "acme" }) });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toMatch(INTERNALS);
      const requestId = response.headers.get("x-request-id");
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(text).requestId).toBe(requestId);
      expect(logged.some((line) => line.includes(requestId!) && /import_rows/.test(line))).toBe(true);
    } finally {
      await mendTable("import_rows");
    }
  });

  it("the device CSV API: the same, with X-Request-Id", async () => {
    const key = await fixture.newKey();
    await breakTable("import_rows");
    try {
      const response = await handleCsvImport(fixture.db, post("/devices/csv", key, deviceCsv("INT:00:01"), { "content-type": "text/csv" }), fixture.secrets);
      expect(response.status).toBe(500);
      expect(await response.clone().text()).not.toMatch(INTERNALS);
      expect(response.headers.get("x-request-id")).toBe((await response.json()).requestId);
    } finally {
      await mendTable("import_rows");
    }
  });

  it("an import that stops on a database error shows a reference on its page, not the SQL", async () => {
    const organization = await fixture.organization();
    const staged = await stageImport({
      db: fixture.db,
      organization,
      productId: null,
      actor: { userId: (await fixture.user()).id, isPlatformAdmin: false },
      source: "console",
      secrets: fixture.secrets,
      file: { name: "x.csv", bytes: new TextEncoder().encode(deviceCsv("INT:00:02")) },
    });
    if (!staged.ok) throw new Error(staged.error.message);
    await breakTable("devices");
    try {
      await commitImport({ db: fixture.db, importId: staged.value.importId, organization, isPlatformAdmin: false, secrets: fixture.secrets });
    } finally {
      await mendTable("devices");
    }
    const [imp] = await fixture.db.select().from(imports).where(eq(imports.id, staged.value.importId));
    expect(imp!.status).toBe("failed");
    expect(imp!.error).not.toMatch(INTERNALS);
    const reference = /reference ([0-9a-f-]{36})/.exec(imp!.error ?? "")?.[1];
    expect(reference).toBeDefined();
    expect(logged.some((line) => line.includes(reference!))).toBe(true);
  });
});
