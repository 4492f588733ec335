import * as XLSX from "xlsx";
import { demoModels } from "@/db/demo-data";
import type { ExternalId } from "../command";
import type { ImportContext } from "../dialects/context";
import { defaultLimits } from "../limits";
import type { ImportLookup } from "../validate/lookup";

export const inverterAttributes = demoModels.find((m) => m.modelKey === "solar_inverter")!.attributes;
export const meterAttributes = demoModels.find((m) => m.modelKey === "smart_meter")!.attributes;

export function testContext(overrides: Partial<ImportContext> = {}): ImportContext {
  return {
    organization: { id: "00000000-0000-4000-8000-000000000001", slug: "acme", name: "Acme Solar" },
    product: { productKey: "INV5K", name: "5 kW String Inverter", modelName: "Solar Inverter", attributes: inverterAttributes },
    isPlatformAdmin: false,
    limits: defaultLimits,
    caps: { devicesPerProduct: 10_000, devicesPerOrganization: 100_000 },
    ...overrides,
  };
}

type Stored = { deviceKey: string; productKey: string; iccid?: string; externalIds?: ExternalId[] };

/** An in-memory organization for the core's database checks. */
export function memoryLookup(devices: Stored[] = [], products: Record<string, number> = { INV5K: 0, MTR3P: 0 }): ImportLookup {
  return {
    findDevices: async (keys) => devices.filter((d) => keys.includes(d.deviceKey)).map(({ deviceKey, productKey }) => ({ deviceKey, productKey })),
    findIccidOwners: async (iccids) => devices.filter((d) => d.iccid && iccids.includes(d.iccid)).map((d) => ({ iccid: d.iccid!, deviceKey: d.deviceKey })),
    findExternalIdOwners: async (ids) =>
      devices.flatMap((d) => (d.externalIds ?? []).filter((e) => ids.some((i) => i.type === e.type && i.value === e.value)).map((e) => ({ ...e, deviceKey: d.deviceKey }))),
    findProducts: async (keys) => Object.entries(products).filter(([k]) => keys.includes(k)).map(([productKey, deviceCount]) => ({ productKey, deviceCount })),
    countOrganizationDevices: async () => Object.values(products).reduce((a, b) => a + b, 0),
  };
}

export const csv = (text: string) => new TextEncoder().encode(text);

/** A plain .xlsx of the given rows (first row = header), written by SheetJS. */
export function xlsxOf(rows: unknown[][]): Uint8Array {
  const workbook = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(rows), "Devices");
  return new Uint8Array(XLSX.write(workbook, { type: "buffer", bookType: "xlsx" }));
}
