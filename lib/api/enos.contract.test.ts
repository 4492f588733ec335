import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devices, imports } from "@/db/schema";
import { documented, post, rsa, secrets, setUpApi } from "./__fixtures__/api-setup";
import { handleBatchCreate } from "./enos";
import { decryptDeviceSecret } from "./enos-secret";

let api: Awaited<ReturnType<typeof setUpApi>>;
beforeAll(async () => {
  api = await setUpApi();
});
afterAll(() => api.database.dispose());

const PATH = "/connect-service/v2.4/devices?action=batchCreate&orgId=acme";
const call = (body: string, key: string | null = api.keys.operator, path = PATH) => handleBatchCreate(api.db, post(path, key, body, { "content-type": "application/json" }), secrets);
type Item = { code: number; msg: string; data: Record<string, string | null> };
type EnosBody = { code: number; msg: string; requestId: string; data: Item[]; successSize: number; totalSize: number };
const enos = async (body: unknown, key?: string | null, path?: string) => {
  const response = await call(typeof body === "string" ? body : JSON.stringify(body), key, path);
  return { status: response.status, body: (await documented("/connect-service/v2.4/devices", "post", response)) as EnosBody };
};
const option = (deviceKey: string, extra: Record<string, unknown> = {}) => ({
  productKey: "INV5K",
  deviceName: { defaultValue: "Roof inverter", i18nValue: { zh_CN: "屋顶逆变器" } },
  timezone: "+08:00",
  deviceAttributes: { ratedPower: 5, mpptCount: 2, manufacturer: "Sungrow", phase: "three" },
  deviceKey,
  ...extra,
});
const results = (body: EnosBody) => body.data.map((d) => [d.code, d.msg]);

describe("requireSecret (EnOS's Decrypting Product/Device Secret)", () => {
  it("returns deviceSecret and sessionKey per device; the README's decryption recovers the secret", async () => {
    const { body } = await enos({ deviceList: [option("SEC-0001"), option("SEC-0002")], requireSecret: true }, api.keys.withRsa);
    expect(body).toMatchObject({ code: 0, successSize: 2, totalSize: 2 });
    const secrets = body.data.map((item) => {
      expect(item.data).toMatchObject({ deviceSecret: expect.any(String), sessionKey: expect.any(String) });
      return decryptDeviceSecret({ deviceSecret: item.data.deviceSecret!, sessionKey: item.data.sessionKey! }, rsa.privateKey);
    });
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(secrets[0]).not.toBe(secrets[1]);
    // One session key per secret: the same key never encrypts two secrets.
    expect(body.data[0]!.data.sessionKey).not.toBe(body.data[1]!.data.sessionKey);
  });
});

describe("strict CreateOption types: the item fails (-1, naming the field), nothing is stored coerced", () => {
  it("refuses a deviceName that is not StringI18n, non-string keys, descriptions and tag values, arrays for maps", async () => {
    const { body } = await enos({
      deviceList: [
        option("TYP-0001", { deviceName: "Plain string" }),
        option("TYP-0002", { deviceName: ["a", "b"] }),
        { ...option("TYP-0003"), deviceKey: 12345 },
        option("TYP-0004", { deviceDesc: { text: "x" } }),
        option("TYP-0005", { deviceTags: { site: 7 } }),
        option("TYP-0006", { deviceTags: ["a", "b"] }),
        option("TYP-0007", { deviceName: { defaultValue: "n", i18nValue: "zh" } }),
        option("TYP-0008", { deviceAttributes: { ratedPower: 5, mpptCount: 2, manufacturer: 42, phase: "three" } }),
        option("TYP-0009", { deviceAttributes: { ratedPower: [5], mpptCount: 2, manufacturer: "S", phase: "three" } }),
        { ...option("TYP-0010"), productKey: 7 },
        option("TYP-0011"),
      ],
    });
    expect(results(body)).toEqual([
      [-1, 'deviceName must be a StringI18n object: { "defaultValue": "…", "i18nValue": { "en_US": "…" } }'],
      [-1, 'deviceName must be a StringI18n object: { "defaultValue": "…", "i18nValue": { "en_US": "…" } }'],
      [-1, "deviceKey must be a string, not a number"],
      [-1, "deviceDesc must be a string, not an object"],
      [-1, "deviceTags.site must be a string, not a number"],
      [-1, "deviceTags must be an object of key → value, not an array"],
      [-1, "deviceName.i18nValue must be an object of key → value, not a string"],
      [-1, "deviceAttributes.manufacturer must be a string, not a number"],
      [-1, "deviceAttributes.ratedPower must be a string, number or boolean, not an array"],
      [-1, "productKey must be a string, not a number"],
      [0, "OK"],
    ]);
    expect(body.successSize).toBe(1);
    for (const key of ["TYP-0002", "TYP-0006"]) expect(await api.db.$count(devices, eq(devices.deviceKey, key))).toBe(0);
  });
});

describe("one item never sinks the batch", () => {
  it("map keys differing only in case or spaces fail their item, in one item or across items", async () => {
    const { status, body } = await enos({
      deviceList: [
        option("KEY-0001", { deviceTags: { Site: "a", site: "b" } }),
        option("KEY-0002", { deviceTags: { site: "a" } }),
        option("KEY-0003", { deviceTags: { " Site": "b" } }),
        option("KEY-0004", { deviceName: { defaultValue: "n", i18nValue: { en_US: "a", EN_us: "b" } } }),
        option("KEY-0005", { deviceTags: { site: "c" } }),
      ],
    });
    expect(status).toBe(200);
    expect(results(body)).toEqual([
      [-1, 'deviceTags keys "Site" and "site" differ only in case or spaces'],
      [0, "OK"],
      [-1, "deviceTags. Site differs only in case or spaces from deviceTags.site of an earlier item; write it the same way"],
      [-1, 'deviceName.i18nValue keys "en_US" and "EN_us" differ only in case or spaces'],
      [0, "OK"],
    ]);
  });

  it("a duplicate key whose first item is invalid does not fail the valid second item", async () => {
    const { body } = await enos({ deviceList: [option("DUP-0001", { timezone: "+25:00" }), option("DUP-0001"), option("DUP-0001")] });
    expect(body.data.map((d) => d.code)).toEqual([-1, 0, 11702]);
  });

  it("never answers 500 for bad text: NUL or a lone surrogate in any string fails that item", async () => {
    const raw = `{"deviceList":[${[
      JSON.stringify(option("NUL-0001", { deviceDesc: "a\u0000b" })),
      JSON.stringify(option("NUL-0002")).replace('"Roof inverter"', '"Roof \\ud800 inverter"'),
      JSON.stringify(option("NUL-0003", { deviceTags: { "k\u0000": "v" } })),
      JSON.stringify(option("NUL-0004")).replace('"Sungrow"', '"\\udc00"'),
      JSON.stringify(option("NUL-0005", { deviceTags: { site: "😀 ok" } })),
    ].join(",")}]}`;
    const { status, body } = await enos(raw);
    expect(status).toBe(200);
    expect(results(body)).toEqual([
      [-1, "deviceDesc contains a NUL character or a lone surrogate, which is not valid text"],
      [-1, "deviceName.defaultValue contains a NUL character or a lone surrogate, which is not valid text"],
      [-1, "deviceTags has a key with a NUL character or a lone surrogate"],
      [-1, "deviceAttributes.manufacturer contains a NUL character or a lone surrogate, which is not valid text"],
      [0, "OK"],
    ]);
    const [stored] = await api.db.select().from(devices).where(eq(devices.deviceKey, "NUL-0005"));
    expect(stored!.tags).toEqual({ site: "😀 ok" });
    const [recorded] = await api.db.select().from(imports).where(eq(imports.id, stored!.importId!));
    expect(recorded).toMatchObject({ totalRows: 5, invalidRows: 4, createdCount: 1 });
  });
});

describe("authentication first, in EnOS's envelope", () => {
  it("answers 401 before looking at the arguments, 403 for another organization, both as code/msg/requestId", async () => {
    const anonymous = await enos("not json at all", null, "/connect-service/v2.4/devices?action=nope");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: 401, msg: expect.stringContaining("Missing API key"), requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const foreign = await enos({ deviceList: [option("X-0001")] }, api.keys.globex);
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ code: 403, msg: 'This service account does not belong to organization "acme".' });
    const viewer = await enos({ deviceList: [option("X-0002")] }, api.keys.viewer);
    expect(viewer).toMatchObject({ status: 403, body: { code: 403 } });
    const badArguments = await enos("not json", api.keys.operator, "/connect-service/v2.4/devices?action=nope&orgId=acme");
    expect(badArguments).toMatchObject({ status: 400, body: { code: 99400 } });
  });

  it("answers 500 in EnOS's envelope, with a request id and no internals", async () => {
    // The database fails mid-call (after authentication): the message must stay in the log.
    const broken = new Proxy(api.db, {
      get: (target, property) => (property === "transaction" ? () => Promise.reject(new Error("SELECT secret FROM somewhere failed")) : Reflect.get(target, property)),
    });
    const response = await handleBatchCreate(broken, post(PATH, api.keys.operator, JSON.stringify({ deviceList: [option("ERR-0001")] }), { "content-type": "application/json" }), secrets);
    expect(response.status).toBe(500);
    const body = (await documented("/connect-service/v2.4/devices", "post", response)) as EnosBody;
    expect(body).toMatchObject({ code: 500, msg: expect.stringContaining("An unexpected error was encountered."), requestId: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain("SELECT");
  });
});
