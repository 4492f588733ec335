import type { DeviceChange, ExternalId, RowResult } from "../command";
import type { ImportContext } from "../dialects/context";
import { issue } from "../issue";
import { DEVICE_KEY } from "./fields";

/** The questions the core asks the database, answered for one organization by the service. */
export interface ImportLookup {
  findDevices(deviceKeys: string[]): Promise<{ deviceKey: string; productKey: string }[]>;
  findIccidOwners(iccids: string[]): Promise<{ iccid: string; deviceKey: string }[]>;
  findExternalIdOwners(ids: ExternalId[]): Promise<{ type: string; value: string; deviceKey: string }[]>;
  /** Products of this organization, with how many devices each has now. */
  findProducts(productKeys: string[]): Promise<{ productKey: string; deviceCount: number }[]>;
  countOrganizationDevices(): Promise<number>;
}

const fmt = (n: number) => n.toLocaleString("en-US");

/** The product's required model attributes a create leaves out (dialects without attribute columns). */
function requiredAttributesMissing(change: DeviceChange, context: ImportContext): string[] {
  const key = change.productKey!;
  const attributes = context.catalog && Object.hasOwn(context.catalog, key) ? context.catalog[key]!.attributes : context.product?.productKey === key ? context.product.attributes : [];
  return attributes.filter((a) => a.required && (change.attributes === undefined || !Object.hasOwn(change.attributes, a.identifier))).map((a) => a.name);
}

/** Checks that need the database; they add errors to the rows and clear their change. */
export async function checkAgainstDatabase(rows: RowResult[], context: ImportContext, lookup: ImportLookup): Promise<void> {
  const live = rows.filter((r) => r.change !== null);
  // Every well-formed key is looked up, so a row shows "already exists" next to its other errors.
  const keyed = rows.filter((r) => r.deviceKey !== null && DEVICE_KEY.test(r.deviceKey));
  // One pass over the changes, no array per row: a file has up to 100,000 of them.
  const deviceKeys = new Set(keyed.map((r) => r.deviceKey!));
  const parents = new Set<string>();
  const productKeys = new Set<string>();
  const simIccids: string[] = [];
  const externalIds: ExternalId[] = [];
  for (const { change } of live) {
    if (change!.parentDeviceKey) parents.add(change!.parentDeviceKey);
    if (change!.productKey) productKeys.add(change!.productKey);
    if (change!.sim) simIccids.push(change!.sim.iccid);
    if (change!.externalIds) externalIds.push(...change!.externalIds);
  }
  for (const parent of parents) deviceKeys.add(parent);
  const [devices, iccidOwners, externalOwners, products, organizationCount] = await Promise.all([
    lookup.findDevices([...deviceKeys]),
    lookup.findIccidOwners(simIccids),
    lookup.findExternalIdOwners(externalIds),
    lookup.findProducts([...productKeys]),
    lookup.countOrganizationDevices(),
  ]);
  const existing = new Map(devices.map((d) => [d.deviceKey, d]));
  const iccids = new Map(iccidOwners.map((o) => [o.iccid, o.deviceKey]));
  const externals = new Map(externalOwners.map((o) => [`${o.type}\u0000${o.value}`, o.deviceKey]));
  const productCounts = new Map(products.map((p) => [p.productKey, p.deviceCount]));
  let organizationDevices = organizationCount;
  const createdInFile = new Set<string>();

  for (const row of keyed) {
    const keyColumn = row.columns.deviceKey ?? "Device key";
    const found = existing.get(row.deviceKey!);
    const duplicate = row.errors.some((e) => e.code === "DUPLICATE_DEVICE_KEY");
    if (row.operation === "create" && found && !duplicate) {
      row.errors.push(issue(keyColumn, "DEVICE_KEY_EXISTS", `${keyColumn} "${row.deviceKey}" already exists in this organization (product ${found.productKey})`));
    }
    if ((row.operation === "update" || row.operation === "delete") && !found) {
      row.errors.push(issue(keyColumn, "DEVICE_NOT_FOUND", `${keyColumn} "${row.deviceKey}" does not exist in this organization, so it cannot be ${row.operation === "update" ? "updated" : "deleted"}`));
    }
  }

  for (const row of live) {
    const change = row.change!;
    const found = existing.get(change.deviceKey);
    if (change.productKey && !productCounts.has(change.productKey)) {
      const column = row.columns.productKey ?? null;
      row.errors.push(issue(column, "PRODUCT_NOT_FOUND", `${column ?? "Product"} "${change.productKey}" is not a product of this organization`));
    }
    if (change.sim) {
      const owner = iccids.get(change.sim.iccid);
      if (owner && owner !== change.deviceKey) row.errors.push(issue(row.columns.sim ?? null, "ICCID_TAKEN", `ICCID "${change.sim.iccid}" already belongs to device ${owner}`));
    }
    for (const id of change.externalIds ?? []) {
      const owner = externals.get(`${id.type}\u0000${id.value}`);
      if (owner && owner !== change.deviceKey) {
        row.errors.push(issue(row.columns.externalIds ?? null, "EXTERNAL_ID_TAKEN", `External ID ${id.type} "${id.value}" already belongs to device ${owner}`));
      }
    }
    if (change.parentDeviceKey && !existing.has(change.parentDeviceKey) && !createdInFile.has(change.parentDeviceKey)) {
      const column = row.columns.parentDeviceKey ?? null;
      row.errors.push(issue(column, "PARENT_NOT_FOUND", `${column ?? "Parent device"} "${change.parentDeviceKey}" does not exist in this organization`));
    }
    const creates = row.operation === "create" || (row.operation === "upsert_credentials" && !found);
    if (creates && row.errors.length === 0 && change.productKey) {
      const count = productCounts.get(change.productKey) ?? 0;
      if (count >= context.caps.devicesPerProduct) {
        row.errors.push(issue(null, "PRODUCT_LIMIT_REACHED", `Product ${change.productKey} has reached its limit of ${fmt(context.caps.devicesPerProduct)} devices; this row would exceed it`));
      } else if (organizationDevices >= context.caps.devicesPerOrganization) {
        row.errors.push(issue(null, "ORGANIZATION_LIMIT_REACHED", `The organization has reached its limit of ${fmt(context.caps.devicesPerOrganization)} devices; this row would exceed it`));
      } else {
        productCounts.set(change.productKey, count + 1);
        organizationDevices++;
        createdInFile.add(change.deviceKey);
        const missing = requiredAttributesMissing(change, context);
        if (missing.length > 0) {
          row.warnings.push(
            issue(
              null,
              "REQUIRED_ATTRIBUTES_MISSING",
              `The device is created without the required attribute${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of product ${change.productKey} (this file format cannot carry them); it shows as incomplete until they are set`,
            ),
          );
        }
      }
    }
    if (row.errors.length > 0) row.change = null;
  }
}
