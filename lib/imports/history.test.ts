import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imports, organizations, products, serviceAccounts, users } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { createTestDatabase } from "@/test/database";
import { importHistoryQuerySchema } from "./history-query";
import { listImportActors, listImportsByOrganization } from "./queries";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let organizationId: string;
let ids: { admin: string; operator: string; account: string; inv: string; mtr: string };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
  const db = database.db;
  const [acme] = await db.select().from(organizations).where(eq(organizations.slug, "acme"));
  organizationId = acme!.id;
  const user = async (email: string) => (await db.select().from(users).where(eq(users.email, email)))[0]!.id;
  const product = async (key: string) => (await db.select().from(products).where(eq(products.productKey, key)))[0]!.id;
  const [account] = await db.select().from(serviceAccounts).where(eq(serviceAccounts.organizationId, organizationId));
  ids = { admin: await user("admin@example.com"), operator: await user("operator@example.com"), account: account!.id, inv: await product("INV5K"), mtr: await product("MTR3P") };
  const at = (day: string) => new Date(`${day}T12:00:00Z`);
  await db.insert(imports).values([
    { organizationId, fileName: "a.xlsx", productId: ids.inv, userId: ids.admin, source: "console", dialect: "enos_template", status: "completed", createdAt: at("2026-11-01") },
    { organizationId, fileName: "b.xlsx", productId: ids.inv, userId: ids.operator, source: "console", dialect: "enos_template", status: "validated", createdAt: at("2026-11-10") },
    { organizationId, fileName: "c.csv", productId: ids.mtr, userId: ids.operator, source: "console", dialect: "device_csv", status: "failed", createdAt: at("2026-11-20") },
    { organizationId, fileName: null, productId: ids.mtr, serviceAccountId: ids.account, source: "api", dialect: "enos_api", status: "completed", createdAt: at("2026-11-30") },
  ]);
});
afterAll(() => database.dispose());

const names = async (search: Record<string, string>) => {
  const query = importHistoryQuerySchema.parse(search);
  const { page, ...filters } = query;
  const { rows, total } = await listImportsByOrganization({ db: database.db, organizationId, page, size: 50, filters });
  expect(total).toBe(rows.length);
  return rows.map((r) => r.import.fileName ?? "api");
};

describe("import history filters", () => {
  it("filters by status, source, format, product, user and day range, together", async () => {
    expect(await names({})).toEqual(["api", "c.csv", "b.xlsx", "a.xlsx"]);
    expect(await names({ status: "completed" })).toEqual(["api", "a.xlsx"]);
    expect(await names({ source: "api" })).toEqual(["api"]);
    expect(await names({ format: "enos_template" })).toEqual(["b.xlsx", "a.xlsx"]);
    expect(await names({ product: "MTR3P" })).toEqual(["api", "c.csv"]);
    expect(await names({ user: ids.operator })).toEqual(["c.csv", "b.xlsx"]);
    expect(await names({ user: ids.account })).toEqual(["api"]);
    expect(await names({ from: "2026-11-10", to: "2026-11-20" })).toEqual(["c.csv", "b.xlsx"]);
    expect(await names({ to: "2026-11-01" })).toEqual(["a.xlsx"]);
    expect(await names({ product: "INV5K", user: ids.operator, status: "validated" })).toEqual(["b.xlsx"]);
  });

  it("drops a bad value instead of failing the page", async () => {
    expect(importHistoryQuerySchema.parse({ status: "nope", user: "x' OR 1=1", from: "2026-13-45", page: "-3" })).toEqual({ page: 1 });
    expect(await names({ status: "nope", from: "yesterday" })).toHaveLength(4);
  });

  it("lists who started imports: users and service accounts", async () => {
    const actors = await listImportActors({ db: database.db, organizationId });
    expect(actors.map((a) => a.id).sort()).toEqual([ids.admin, ids.operator, ids.account].sort());
    expect(actors.find((a) => a.id === ids.account)?.kind).toBe("service account");
  });
});
