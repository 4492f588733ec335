import { and, eq, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations, products, type Organization } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { readSheet, type Sheet } from "@/lib/import/read";
import { limitsFor } from "@/lib/import/limits";
import type { FileRefusal } from "@/lib/import/refusal";
import { rowProblems } from "@/lib/import/reports/row-problems";
import type { ImportRowView } from "@/lib/imports/queries";
import { stageSheet } from "@/lib/imports/stage";
import { authenticateRequest, type ApiCaller } from "./auth";
import { cancelImport, commitApiImport, internalError, readApiFile, stageApiFile } from "./run-import";

export const BULK_RESPONSE_TYPE = "application/vnd.com.nsn.cumulocity.bulknewdevicerequest+json;ver=0.9";
export const CURRENT_TENANT_TYPE = "application/vnd.com.nsn.cumulocity.currenttenant+json;ver=0.9";

const badRequest = (message: string) => Response.json({ error: "devicecontrol/Bad Request", message }, { status: 400 });
const refused = (refusal: FileRefusal) =>
  refusal.code === "FILE_TOO_LARGE" ? Response.json({ error: "devicecontrol/Payload Too Large", message: refusal.message }, { status: 413 }) : badRequest(refusal.message);
const NOT_C8Y = "This endpoint takes a Cumulocity bulk registration CSV (ID;CREDENTIALS;…, seed 002); the device CSV goes to /devices/csv.";

/** ?productKey= overrides the routing by TYPE; it must be a product of the organization. */
async function overrideProduct(db: Db, organizationId: string, productKey: string | null) {
  if (!productKey) return null;
  const [product] = await db.select({ id: products.id }).from(products).where(and(eq(products.organizationId, organizationId), eq(products.productKey, productKey)));
  return product ?? `Product "${productKey}" does not exist in this organization.`;
}

/** Seed 002's "line": the row as DeviceInfo, with the credentials masked. */
const cellOf = (cells: Record<string, string>, name: string) => Object.entries(cells).find(([k]) => k.trim().toUpperCase() === name)?.[1]?.trim() ?? "";
const deviceInfo = (cells: Record<string, string>) => `DeviceInfo{id='${cellOf(cells, "ID")}', credentials='***', tenant='${cellOf(cells, "TENANT")}'}`;

type Outcome = { line: number; status: "CREATED" | "CREDENTIAL_UPDATED" | "FAILED"; deviceId: string; reason?: string; code?: string; cells: Record<string, string> };

const outcomeOf = (r: ImportRowView): Outcome => {
  // Every row is one of the three: a row not written (invalid, failed at commit, never reached) is FAILED, with why.
  const problems = r.outcome === "pending" ? [] : rowProblems(r);
  return {
    line: r.line,
    // deviceId is the ID as the file wrote it (the external id), not a derived device key.
    deviceId: cellOf(r.cells, "ID"),
    cells: r.cells,
    status: r.outcome === "created" ? "CREATED" : r.outcome === "credential_updated" ? "CREDENTIAL_UPDATED" : "FAILED",
    reason: problems.length ? problems.map((e) => e.message).join("; ") : "The row was not written",
    code: problems[0]?.code ?? "WRITE_FAILED",
  };
};

/** Seed 002's BulkNewDeviceRequest from every row's outcome. */
function bulkResponse(outcomes: Outcome[]) {
  const sorted = [...outcomes].sort((a, b) => a.line - b.line);
  const count = (s: Outcome["status"]) => sorted.filter((o) => o.status === s).length;
  const body = {
    numberOfAll: sorted.length,
    numberOfCreated: count("CREATED"),
    numberOfFailed: count("FAILED"),
    numberOfSuccessful: count("CREATED") + count("CREDENTIAL_UPDATED"),
    credentialUpdatedList: sorted.filter((o) => o.status === "CREDENTIAL_UPDATED").map((o) => ({ bulkNewDeviceStatus: "CREDENTIAL_UPDATED", deviceId: o.deviceId })),
    failedCreationList: sorted
      .filter((o) => o.status === "FAILED")
      .map((o) => ({ bulkNewDeviceStatus: "FAILED", ...(o.deviceId ? { deviceId: o.deviceId } : {}), failureReason: o.reason ?? "failure", ...(o.code ? { failureCode: o.code } : {}), line: deviceInfo(o.cells) })),
  };
  return new Response(JSON.stringify(body), { status: 201, headers: { "content-type": BULK_RESPONSE_TYPE } });
}

const tenantColumn = (sheet: Sheet) => sheet.header.cells.findIndex((h) => h.trim().toUpperCase() === "TENANT");

/**
 * The management-tenant mode (seed 002): a platform-level account's rows go to the organization
 * their TENANT names, one import per organization; a row naming none, or an unknown one, fails.
 */
async function registerPerTenant(db: Db, caller: ApiCaller, secrets: SecretBox, sheet: Sheet, file: { name: string; bytes: Uint8Array }, productKey: string | null) {
  const at = tenantColumn(sheet);
  const cellsOf = (cells: string[]) => Object.fromEntries(sheet.header.cells.map((h, i) => [h.trim(), cells[i] ?? ""]));
  const groups = new Map<string, Sheet["rows"]>();
  for (const row of sheet.rows) {
    const tenant = (row.cells[at] ?? "").trim();
    groups.set(tenant, [...(groups.get(tenant) ?? []), row]);
  }
  const outcomes: Outcome[] = [];
  const fail = (rows: Sheet["rows"], reason: string, code: string) =>
    outcomes.push(...rows.map((r) => ({ line: r.line, status: "FAILED" as const, deviceId: cellOf(cellsOf(r.cells), "ID"), reason, code, cells: cellsOf(r.cells) })));
  for (const [tenant, rows] of groups) {
    if (!tenant) {
      fail(rows, `${sheet.header.cells[at]!.trim()} is required: as the management tenant you name the tenant per row`, "REQUIRED");
      continue;
    }
    const [organization] = await db
      .select()
      .from(organizations)
      .where(/^[0-9a-f-]{36}$/i.test(tenant) ? or(eq(organizations.id, tenant), eq(organizations.slug, tenant.toLowerCase())) : eq(organizations.slug, tenant.toLowerCase()));
    if (!organization) {
      fail(rows, `Tenant "${tenant}" does not exist`, "TENANT_NOT_FOUND");
      continue;
    }
    const product = await overrideProduct(db, organization.id, productKey);
    if (typeof product === "string") {
      fail(rows, product, "PRODUCT_NOT_FOUND");
      continue;
    }
    const staged = await stageSheet({
      db,
      organization,
      productId: product?.id ?? null,
      actor: { serviceAccountId: caller.account.id, isPlatformAdmin: true },
      source: "api",
      secrets,
      file,
      sheet: { ...sheet, rows },
    });
    if (!staged.ok) {
      fail(rows, staged.error.message, staged.error.code);
      continue;
    }
    const target: ApiCaller = { account: caller.account, organization: organization as Organization };
    const { rows: done } = await commitApiImport({ db, caller: target, secrets, importId: staged.value.importId, isPlatformAdmin: true });
    outcomes.push(...done.map(outcomeOf));
  }
  return bulkResponse(outcomes);
}

/** POST /devicecontrol/bulkNewDeviceRequests (multipart `file`): 201 with the BulkNewDeviceRequest. */
export async function handleBulkNewDeviceRequests(db: Db, request: Request, secrets: SecretBox): Promise<Response> {
  try {
    const caller = await authenticateRequest(db, request);
    if (caller instanceof Response) return caller;
    const productKey = new URL(request.url).searchParams.get("productKey");
    const product = await overrideProduct(db, caller.organization.id, productKey);
    if (typeof product === "string") return badRequest(product);
    if (!/^\s*multipart\/form-data/i.test(request.headers.get("content-type") ?? "")) return badRequest('Send the CSV as multipart/form-data with a "file" part.');
    const file = await readApiFile(request, caller.organization.maxBytesPerFile);
    if ("code" in file) return refused(file);
    if (caller.account.isPlatformLevel) {
      const sheet = readSheet(file.bytes, limitsFor({ maxBytes: caller.organization.maxBytesPerFile, maxRows: caller.organization.maxRowsPerFile }));
      if (!sheet.ok) return refused(sheet.error);
      const names = new Set(sheet.value.header.cells.map((h) => h.trim().toUpperCase()));
      if (names.has("ID") && names.has("CREDENTIALS") && tenantColumn(sheet.value) >= 0) return await registerPerTenant(db, caller, secrets, sheet.value, file, productKey);
    }
    const staged = await stageApiFile({ db, caller, secrets, productId: product?.id ?? null, file });
    if (!staged.ok) return refused(staged.error);
    // Each endpoint takes its own dialect: anything else is refused whole, and nothing is written.
    if (staged.value.dialect !== "c8y_bulk") {
      await cancelImport({ db, importId: staged.value.importId, reason: NOT_C8Y });
      return badRequest(NOT_C8Y);
    }
    const { rows } = await commitApiImport({ db, caller, secrets, importId: staged.value.importId });
    return bulkResponse(rows.map(outcomeOf));
  } catch (error) {
    return internalError(error);
  }
}

/**
 * GET /tenant/currentTenant: what @c8y/client's Client.authenticate() asks first. Cumulocity's
 * CurrentTenant shape, with the organization as the tenant (its slug is the tenant name).
 */
export async function handleCurrentTenant(db: Db, request: Request): Promise<Response> {
  try {
    const caller = await authenticateRequest(db, request);
    if (caller instanceof Response) return caller;
    const url = new URL(request.url);
    const body = {
      name: caller.organization.slug,
      domainName: url.host,
      allowCreateTenants: caller.account.isPlatformLevel,
      customProperties: { displayName: caller.organization.name, organizationId: caller.organization.id },
      self: `${url.origin}/tenant/currentTenant`,
      applications: { references: [], self: `${url.origin}/tenant/tenants/${caller.organization.slug}/applications` },
    };
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": CURRENT_TENANT_TYPE } });
  } catch (error) {
    return internalError(error);
  }
}
