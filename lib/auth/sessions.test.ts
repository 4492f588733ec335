import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "@/db/demo-data";
import { sessions, users } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { createTestDatabase } from "@/test/database";
import { authenticateUser, createSession, deleteSession, getUserBySessionToken } from "./sessions";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
});
afterAll(() => database.dispose());

describe("sign-in", () => {
  it("accepts the right password, with the email in any case", async () => {
    const user = await authenticateUser({ db: database.db, email: " Admin@Example.com ", password: DEMO_PASSWORD });
    expect(user?.email).toBe("admin@example.com");
  });

  it("answers the same for a wrong password and an unknown email", async () => {
    const wrong = await authenticateUser({ db: database.db, email: "admin@example.com", password: "nope" });
    const unknown = await authenticateUser({ db: database.db, email: "nobody@example.com", password: DEMO_PASSWORD });
    expect(wrong).toBeNull();
    expect(unknown).toBeNull();
  });
});

describe("sessions", () => {
  it("stores only a hash of the token and ends on sign-out", async () => {
    const db = database.db;
    const [admin] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    const { token } = await createSession({ db, userId: admin!.id });
    expect(await db.$count(sessions, eq(sessions.id, token))).toBe(0);
    expect((await getUserBySessionToken({ db, token }))?.id).toBe(admin!.id);
    await deleteSession({ db, token });
    expect(await getUserBySessionToken({ db, token })).toBeNull();
  });

  it("refuses an expired or made-up token", async () => {
    const db = database.db;
    const [admin] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    const { token } = await createSession({ db, userId: admin!.id });
    await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) });
    expect(await getUserBySessionToken({ db, token })).toBeNull();
    expect(await getUserBySessionToken({ db, token: "made-up" })).toBeNull();
  });
});
