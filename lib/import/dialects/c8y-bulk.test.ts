import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { csv, memoryLookup, testContext } from "../__fixtures__/context";
import { validateFile } from "../validate-file";

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
    expect(result.rows[0]!.warnings).toEqual([{ column: "TENANT", code: "COLUMN_IGNORED", message: "TENANT is ignored: the device is registered in Acme Solar" }]);
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
      'Line 3: ID "x" must be 4–64 characters of letters, digits, hyphen (-), underscore (_), period (.) or colon (:)',
      'Line 3: PATH "a//b" has an empty group name; write it as Main group/Subgroup',
      'Line 3: SHELL "2" must be 1 (add the shell) or 0',
      'Line 4: ID "DEV-1" is already used on line 2 of this file',
    ]);
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
