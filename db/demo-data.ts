import type { ModelAttribute } from "@/lib/import/model";
import type { Role } from "./schema";

/** Printed at start and used by the e2e tests; never seeded into PostgreSQL unless DEMO_DATA=on. */
export const DEMO_PASSWORD = "demo-password";

export const demoUsers: { email: string; name: string; memberships: [orgSlug: string, role: Role][] }[] = [
  { email: "admin@example.com", name: "Ada Admin", memberships: [["acme", "admin"], ["globex", "admin"]] },
  { email: "operator@example.com", name: "Oscar Operator", memberships: [["acme", "operator"]] },
  { email: "viewer@example.com", name: "Vera Viewer", memberships: [["acme", "viewer"]] },
  { email: "globex@example.com", name: "Gina Globex", memberships: [["globex", "admin"]] },
];

/** A service account of Acme with a known key, so that the README's curl examples run as written. */
export const DEMO_API_KEY = "dic_demo0001_DemoKeyForTheReadmeOnly-NotForProduction-42";

export const demoOrganizations = [
  { slug: "acme", name: "Acme Solar" },
  { slug: "globex", name: "Globex Utilities" },
];

/** Each organization's product for registrations (Settings): seed 002's request, whose TYPE names no product, lands here. */
export const demoRegistrationProducts: Record<string, string> = { acme: "MTR3P", globex: "GLXWTR" };

const inverterAttributes: ModelAttribute[] = [
  { identifier: "ratedPower", name: "Rated Power", dataType: "double", required: true, unit: "kW", min: 0, max: 10_000 },
  { identifier: "mpptCount", name: "MPPT Count", dataType: "int", required: true, min: 1, max: 12 },
  { identifier: "manufacturer", name: "Manufacturer", dataType: "string", required: true, maxLength: 32 },
  { identifier: "firmwareVersion", name: "Firmware Version", dataType: "string", required: false, maxLength: 16 },
  { identifier: "phase", name: "Phase", dataType: "enum", required: true, enumValues: ["single", "three"] },
  { identifier: "efficiency", name: "Efficiency", dataType: "float", required: false, unit: "%", min: 0, max: 100 },
  { identifier: "gridConnected", name: "Grid Connected", dataType: "bool", required: false },
  { identifier: "commissionDate", name: "Commission Date", dataType: "date", required: false },
];

const meterAttributes: ModelAttribute[] = [
  { identifier: "meterType", name: "Meter Type", dataType: "enum", required: true, enumValues: ["electricity", "water", "gas"] },
  { identifier: "ctRatio", name: "CT Ratio", dataType: "int", required: false, min: 1, max: 5000 },
  { identifier: "accuracyClass", name: "Accuracy Class", dataType: "float", required: false, min: 0.1, max: 3 },
  { identifier: "maxCurrent", name: "Max Current", dataType: "double", required: true, unit: "A", min: 0 },
  { identifier: "bidirectional", name: "Bidirectional", dataType: "bool", required: true },
  { identifier: "installedAt", name: "Installed At", dataType: "timestamp", required: false },
  { identifier: "utilityRef", name: "Utility Reference", dataType: "string", required: false, maxLength: 24 },
];

export const demoModels = [
  { orgSlug: "acme", modelKey: "solar_inverter", name: "Solar Inverter", attributes: inverterAttributes },
  { orgSlug: "acme", modelKey: "smart_meter", name: "Smart Meter", attributes: meterAttributes },
  { orgSlug: "globex", modelKey: "smart_meter", name: "Smart Meter", attributes: meterAttributes },
];

export const demoProducts = [
  { orgSlug: "acme", modelKey: "solar_inverter", productKey: "INV5K", name: "5 kW String Inverter" },
  { orgSlug: "acme", modelKey: "smart_meter", productKey: "MTR3P", name: "Three-Phase Meter" },
  { orgSlug: "globex", modelKey: "smart_meter", productKey: "GLXWTR", name: "Water Meter" },
];

type DemoDevice = {
  productKey: string;
  deviceKey: string;
  name: string;
  timezone: string;
  attributes: Record<string, unknown>;
  status?: "inactive" | "online" | "offline";
};

export const demoDevices: DemoDevice[] = [
  ...Array.from({ length: 12 }, (_, i): DemoDevice => ({
    productKey: "INV5K",
    deviceKey: `INV-${String(1001 + i)}`,
    name: `Rooftop inverter ${i + 1}`,
    timezone: i % 3 === 0 ? "Europe/Berlin" : "+08:00",
    attributes: {
      ratedPower: 5,
      mpptCount: 2,
      manufacturer: "Sungrow",
      firmwareVersion: `2.${i}.0`,
      phase: i % 2 ? "single" : "three",
      efficiency: 97.5,
      gridConnected: true,
      commissionDate: `2026-0${(i % 9) + 1}-15`,
    },
    status: i === 0 ? "online" : "inactive",
  })),
  ...Array.from({ length: 3 }, (_, i): DemoDevice => ({
    productKey: "MTR3P",
    deviceKey: `MTR-${String(501 + i)}`,
    name: `Feeder meter ${i + 1}`,
    timezone: "Asia/Shanghai",
    attributes: { meterType: "electricity", ctRatio: 200, maxCurrent: 100, bidirectional: true, installedAt: "2026-03-01T08:00:00Z" },
  })),
  {
    productKey: "GLXWTR",
    deviceKey: "WTR-0001",
    name: "Pump station meter",
    timezone: "America/Chicago",
    attributes: { meterType: "water", maxCurrent: 5, bidirectional: false },
  },
];
