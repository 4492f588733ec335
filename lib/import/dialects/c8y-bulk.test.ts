import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { csv, memoryLookup, testContext } from "../__fixtures__/context";
import { validateFile } from "../validate-file";
import { deviceKeyForId } from "./c8y-bulk";

const seedExample = new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, "../__fixtures__/c8y-seed-example.csv")));

const validate = async (bytes: Uint8Array, lookup = memoryLookup(), context = testContext()) => {
  const result = await validateFile(bytes, context, lookup);
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.value;
};
const refusal = async (bytes: Uint8Array, context = testContext()) => {
  const result = await validateFile(bytes, context, memoryLookup());
  if (result.ok) throw new Error("expected a refusal");
  return result.error;
};

describe("Cumulocity bulk registration CSV", () => {
  it("reads the seed's own example request, verbatim", async () => {
    const result = await validate(seedExample);
    expect(result.dialect).toBe("c8y_bulk");
    expect(result.summary).toMatchObject({ total: 7, valid: 7, upserts: 7 });
    const [first, , third, , , sixth] = result.rows.map((r) => r.change!);
    expect(first).toEqual({
      deviceKey: "id_101",
      productKey: "INV5K",
      organization: undefined,
      credentials: "abcd1234",
      type: "type_of_device",
      name: "Device 101",
      groupPath: "csv device/subgroup0",
      externalIds: [{ type: "c8y_Serial", value: "id_101" }],
      properties: { c8y_Mobile: { iccid: "111111111" }, c8y_SupportedOperations: ["c8y_Shell"] },
    });
    expect(third!.externalIds).toEqual([{ type: "c8y_Imei", value: "id_111" }]);
    expect(third!.properties).toEqual({ c8y_Mobile: { iccid: "333333333" } });
    expect(sixth!.properties).toEqual({});
    expect(result.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it("takes columns in any order and case, external-* ids and dotted custom properties", async () => {
    const result = await validate(csv("name,type,credentials,id,external-c8y_Imei,com_cumulocity_model_Agent.active,note\nPump,pump,pw,DEV-1,356938035643809,true,{}\n"));
    expect(result.rows[0]!.change).toMatchObject({
      deviceKey: "DEV-1",
      name: "Pump",
      externalIds: [{ type: "c8y_Serial", value: "DEV-1" }, { type: "c8y_Imei", value: "356938035643809" }],
      properties: { com_cumulocity_model_Agent: { active: "true" }, note: "{}" },
    });
  });

  it("applies the seed's column rules", async () => {
    expect(await refusal(csv("ID;CREDENTIALS;PATH\nx1;pw;a/b\n"))).toEqual({ code: "BAD_HEADER", message: "The column PATH needs the TYPE and NAME columns as well (Cumulocity bulk registration)." });
    expect((await refusal(csv("ID;CREDENTIALS;ICCID;SHELL\nx1;pw;1;1\n"))).message).toBe("The columns ICCID, SHELL need the TYPE and NAME columns as well (Cumulocity bulk registration).");
    expect((await refusal(csv("ID;CREDENTIALS\nx1;pw\n"), testContext({ isPlatformAdmin: true }))).message).toContain("add a TENANT column");
  });

  it("ignores TENANT for an ordinary tenant, with a warning on the row", async () => {
    const result = await validate(csv("ID;CREDENTIALS;TENANT\nDEV-1;pw;other\n"));
    expect(result.rows[0]!.change?.organization).toBeUndefined();
    expect(result.rows[0]!.warnings[0]).toEqual({ column: "TENANT", code: "COLUMN_IGNORED", message: "TENANT is ignored: the device is registered in Acme Solar" });
    const admin = await validate(csv("ID;CREDENTIALS;TENANT\nDEV-1;pw;globex\n"), memoryLookup(), testContext({ isPlatformAdmin: true }));
    expect(admin.rows[0]!.change?.organization).toBe("globex");
  });

  it("refuses prototype-polluting column names and pollutes nothing", async () => {
    for (const name of ["__proto__", "__proto__.polluted", "constructor.prototype.polluted", "a.prototype"]) {
      expect((await refusal(csv(`ID;CREDENTIALS;${name}\nDEV-1;pw;yes\n`))).message).toBe(`The column "${name}" is not a valid custom property name.`);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reports bad cells and duplicates per line", async () => {
    const result = await validate(csv("ID;CREDENTIALS;TYPE;NAME;SHELL;PATH\nDEV-1;;t;n;1;a\nx;pw;t;n;2;a//b\nDEV-1;pw;t;n;0;a\n"));
    expect(result.rows.flatMap((r) => r.errors.map((e) => `Line ${r.line}: ${e.message}`))).toEqual([
      "Line 2: CREDENTIALS is required",
      'Line 3: PATH "a//b" has an empty group name; write it as Main group/Subgroup',
      'Line 3: SHELL "2" must be 1 (add the shell) or 0',
    ]);
    // Line 2 fails on its own and writes nothing, so line 4 may have the ID; a valid first row keeps it.
    const taken = await validate(csv("ID;CREDENTIALS\nDEV-1;pw\nDEV-1;pw\n"));
    expect(taken.rows[1]!.errors.map((e) => e.message)).toEqual(['ID "DEV-1" is already used on line 2 of this file']);
  });

  it("takes IDs as the seed does (zz3, spaces): a derived device key, the ID kept as the external id", async () => {
    const result = await validate(csv("ID;CREDENTIALS\nzz3;pw\nmy device 7;pw\nmy_device_7;pw\n"));
    expect(result.summary).toMatchObject({ total: 3, valid: 3 });
    const [zz3, spaced, plain] = result.rows.map((r) => r.change!);
    expect(zz3).toMatchObject({ deviceKey: expect.stringMatching(/^zz3-[0-9a-f]{12}$/), name: "zz3", externalIds: [{ type: "c8y_Serial", value: "zz3" }] });
    expect(spaced).toMatchObject({ deviceKey: expect.stringMatching(/^my_device_7-[0-9a-f]{12}$/), externalIds: [{ type: "c8y_Serial", value: "my device 7" }] });
    expect(plain!.deviceKey).toBe("my_device_7");
    expect(deviceKeyForId("zz3")).toBe(zz3!.deviceKey);
  });

  it("routes each row to the product its TYPE names, else to the product for registrations, else fails it", async () => {
    const file = csv("ID;CREDENTIALS;TYPE;NAME\nDEV-1;pw;INV5K;a\nDEV-2;pw;type_of_device;b\n");
    const catalog = { INV5K: { name: "Inverter", modelName: "Solar Inverter", attributes: [] }, MTR3P: { name: "Meter", modelName: "Smart Meter", attributes: [] } };
    const routed = await validate(file, memoryLookup(), { ...testContext(), catalog, product: undefined, registrationProductKey: "MTR3P" });
    expect(routed.rows.map((r) => r.change?.productKey)).toEqual(["INV5K", "MTR3P"]);
    const unrouted = await validate(file, memoryLookup(), { ...testContext(), catalog, product: undefined, registrationProductKey: null });
    expect(unrouted.rows.map((r) => r.change?.productKey ?? r.errors[0]!.message)).toEqual(["INV5K", 'TYPE "type_of_device" is not a product key of Acme Solar, and it has no product for registrations (Settings)']);
    const forced = await validate(file, memoryLookup(), { ...testContext(), catalog });
    expect(forced.rows.map((r) => r.change?.productKey)).toEqual(["INV5K", "INV5K"]);
  });

  it("updates credentials of an existing device instead of failing", async () => {
    const result = await validate(seedExample, memoryLookup([{ deviceKey: "id_101", productKey: "INV5K" }]));
    expect(result.summary).toMatchObject({ valid: 7, invalid: 0 });
  });
});

describe("own keys from files", () => {
  it("keeps a __proto__ key as data, never as a prototype", async () => {
    const { setOwn } = await import("./columns");
    const target: Record<string, string> = {};
    setOwn(target, "__proto__", "x");
    setOwn(target, "constructor", "y");
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.keys(target)).toEqual(["__proto__", "constructor"]);
    expect(JSON.parse(JSON.stringify(target))).toEqual(JSON.parse('{"__proto__":"x","constructor":"y"}'));
  });
});
