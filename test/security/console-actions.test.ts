import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { imports, sessions } from "@/db/schema";
import { deviceCsvColumns } from "@/lib/import/dialects/device-csv";
import { stageImport } from "@/lib/imports/stage";
import type { CommitJob } from "@/lib/jobs/commit-queue";
import { registerImportQueue } from "@/lib/jobs/import-queue";
import { securityFixture } from "./fixture";

// The request context of a server action: its headers, the signed-in user, work run after the response.
const ctx = vi.hoisted(() => ({ headers: new Headers(), user: null as unknown, after: [] as (() => unknown)[] }));
vi.mock("next/headers", () => ({ headers: async () => ctx.headers, cookies: async () => ({ get: () => undefined, set: () => undefined, delete: () => undefined }) }));
vi.mock("next/server", () => ({ after: (task: () => unknown) => void ctx.after.push(task) }));
vi.mock("next/navigation", () => ({ redirect: (to: string) => { throw new Error(`redirect ${to}`); } }));
vi.mock("@/app/_lib/secrets", () => ({ getSecretBox: () => fixture.secrets }));
vi.mock("@/app/_lib/session", () => ({ getCurrentUser: async () => ctx.user, SESSION_COOKIE: "dic_session", setSessionCookie: async () => undefined, clearSessionCookie: async () => undefined }));
vi.mock("@/db/runtime", () => ({ getDb: async () => fixture.db }));

let fixture: Awaited<ReturnType<typeof securityFixture>>;
beforeAll(async () => {
  fixture = await securityFixture();
  ctx.user = await fixture.user();
  ctx.headers = new Headers({ origin: "http://localhost:3000", host: "localhost:3000" });
  // What the action hands the queue (lib/jobs/jobs.test.ts runs the real one).
  registerImportQueue(fixture.db, { enqueue: async (job) => void queued.push(job) });
});
const queued: CommitJob[] = [];
afterAll(() => fixture.database.dispose());

const csvRow = (key: string) => [`Gateway ${key}`, key, "", "", "acme", "MTR3P", "60", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""].join(",");
const stage = async (key: string) => {
  const staged = await stageImport({
    db: fixture.db,
    organization: await fixture.organization(),
    productId: null,
    actor: { userId: (await fixture.user()).id, isPlatformAdmin: false },
    source: "console",
    secrets: fixture.secrets,
    file: { name: "c.csv", bytes: new TextEncoder().encode(`${deviceCsvColumns.join(",")}\n${csvRow(key)}`) },
  });
  if (!staged.ok) throw new Error(staged.error.message);
  return staged.value.importId;
};

describe("the console's confirm", () => {
  it("a second confirm while an import of the organization is running is queued (not refused), as one job", async () => {
    const { confirmImport } = await import("@/app/(console)/o/[org]/imports/[id]/actions");
    const [running, second] = [await stage("CA:00:01"), await stage("CA:00:02")];
    await fixture.db.update(imports).set({ status: "importing", startedAt: new Date(), heartbeatAt: new Date() }).where(eq(imports.id, running));
    expect(await confirmImport("acme", second)).toEqual({ ok: true, data: { started: true } });
    // A double click sends no second job.
    expect(await confirmImport("acme", second)).toEqual({ ok: true, data: { started: false } });
    expect((await fixture.db.select().from(imports).where(eq(imports.id, second)))[0]!.status).toBe("queued");
    expect(queued.filter((j) => j.importId === second)).toHaveLength(1);
    // Nothing runs in the request any more.
    expect(ctx.after).toHaveLength(0);
    await fixture.db.update(imports).set({ status: "completed" }).where(eq(imports.id, running));
  });

  it("is rate limited per signed-in user (the organization's setting)", async () => {
    const { confirmImport } = await import("@/app/(console)/o/[org]/imports/[id]/actions");
    await fixture.setLimits({ userImportsPerMinute: 2 });
    ctx.user = await fixture.user("admin@example.com");
    const results = [];
    for (const key of ["CA:01:01", "CA:01:02", "CA:01:03"]) results.push(await confirmImport("acme", await stage(key)));
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(!results[2]!.ok && results[2]!.error).toMatch(/more than 2 uploads or imports in a minute/);
    await fixture.setLimits({ userImportsPerMinute: 20 });
  });
});

describe("sign-in", () => {
  it("refuses a cross-site post (login CSRF), and creates no session", async () => {
    const { signIn } = await import("@/app/(auth)/sign-in/actions");
    ctx.headers = new Headers({ origin: "https://evil.example", host: "localhost:3000", "x-forwarded-host": "evil.example" });
    const form = new FormData();
    form.append("email", "admin@example.com");
    form.append("password", "demo-password");
    const before = await fixture.db.$count(sessions);
    const result = await signIn(null, form);
    expect(result.ok).toBe(false);
    expect(await fixture.db.$count(sessions)).toBe(before);
  });
});
