import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { batchCreateEnvelopeSchema, enosCostRefusal, itemsToSheet } from "@/lib/import/dialects/enos-api";
import { eq } from "drizzle-orm";
import { imports } from "@/db/schema";
import { rowProblems } from "@/lib/import/reports/row-problems";
import { importContextFor } from "@/lib/imports/context";
import { importCounters } from "@/lib/imports/counters";
import type { IssueCode } from "@/lib/import/issue";
import { listImportRows, takeDeviceSecrets, type ImportRowView } from "@/lib/imports/queries";
import { stageSheet } from "@/lib/imports/stage";
import { errorResponse, HttpError } from "@/lib/http/errors";
import { readCappedBody } from "@/lib/http/read-capped-body";
import { authenticateRequest } from "./auth";
import { encryptDeviceSecret } from "./enos-secret";
import { commitStagedApiImport } from "./run-import";

/** Seed 001's error codes, mapped once from the core's issue codes. */
export const enosErrors = {
  keyExists: { code: 11702, msg: "DeviceKey existed" },
  keyGeneration: { code: 11714, msg: "Generate deviceKey failed" },
  deviceLimit: { code: 11739, msg: "Exceed max device size" },
  noPublicKey: { code: 11858, msg: "Unable to find public key" },
  invalid: { code: 99400, msg: "Invalid arguments" },
} as const;

const envelope = (requestId: string, code: number, msg: string, data: unknown[] = [], sizes = { successSize: 0, totalSize: 0 }) =>
  Response.json({ code, msg, requestId, data, ...sizes }, { status: code === 0 ? 200 : 400 });

function itemResult(row: ImportRowView, generated: boolean): { code: number; msg: string; errorCode?: string } {
  if (row.outcome === "created") return { code: 0, msg: "OK" };
  const problems = rowProblems(row);
  const codes = new Set<IssueCode>(problems.map((e) => e.code));
  const errorCode = problems[0]?.code ?? "WRITE_FAILED";
  if (codes.has("DEVICE_KEY_EXISTS") || codes.has("DUPLICATE_DEVICE_KEY") || codes.has("DEVICE_KEY_TAKEN")) return { ...(generated ? enosErrors.keyGeneration : enosErrors.keyExists), errorCode };
  if (codes.has("PRODUCT_LIMIT_REACHED") || codes.has("ORGANIZATION_LIMIT_REACHED")) return { ...enosErrors.deviceLimit, errorCode };
  return { code: -1, msg: problems.map((e) => e.message).join("; ") || "Failed", errorCode };
}

/** 401/403 from the shared check, in EnOS's envelope (code = the HTTP status), with the same status. */
async function enosAuthProblem(requestId: string, problem: Response) {
  const { message } = (await problem.json()) as { message: string };
  return Response.json({ code: problem.status, msg: message, requestId, data: [], successSize: 0, totalSize: 0 }, { status: problem.status });
}

/** POST /connect-service/v2.4/devices?action=batchCreate&orgId=…: seed 001, through the shared import services. */
export async function handleBatchCreate(db: Db, request: Request, secrets: SecretBox): Promise<Response> {
  const requestId = randomUUID();
  try {
    const url = new URL(request.url);
    const orgId = url.searchParams.get("orgId");
    // Who is asking comes first: an anonymous caller learns nothing about the arguments.
    const caller = await authenticateRequest(db, request, { organizationRef: orgId });
    if (caller instanceof Response) return await enosAuthProblem(requestId, caller);
    if (url.searchParams.get("action") !== "batchCreate") return envelope(requestId, 99400, `${enosErrors.invalid.msg}: action must be batchCreate`);
    if (!orgId) return envelope(requestId, 99400, `${enosErrors.invalid.msg}: orgId is required`);
    const raw = await readCappedBody(request, caller.organization.maxBytesPerFile, 0);
    if (!raw.ok) throw new HttpError(raw.status, raw.status === 413 ? "Payload Too Large" : "Bad Request", raw.message);
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(raw.bytes));
    } catch {
      return envelope(requestId, 99400, `${enosErrors.invalid.msg}: the body is not JSON`);
    }
    const body = batchCreateEnvelopeSchema.safeParse(json);
    if (!body.success) return envelope(requestId, 99400, `${enosErrors.invalid.msg}: deviceList must be a non-empty array of CreateOption (and requireSecret, when given, a boolean)`);
    const items = body.data.deviceList;
    const limit = caller.organization.maxBatchSize;
    if (items.length > limit) return envelope(requestId, 99400, `${enosErrors.invalid.msg}: ${items.length} devices exceed this organization's batch limit of ${limit}`, [], { successSize: 0, totalSize: items.length });
    const tooCostly = enosCostRefusal(items);
    if (tooCostly) return envelope(requestId, 99400, `${enosErrors.invalid.msg}: ${tooCostly}`, [], { successSize: 0, totalSize: items.length });
    if (body.data.requireSecret && !caller.account.rsaPublicKey) return envelope(requestId, 11858, enosErrors.noPublicKey.msg, [], { successSize: 0, totalSize: items.length });

    // A missing deviceKey is generated here, so that the staged row (and its retry) keeps it.
    const generated = new Set<number>();
    const withKeys = items.map((item, i) => {
      if (item && typeof item === "object" && !Array.isArray(item) && [undefined, null, ""].includes((item as { deviceKey?: unknown }).deviceKey as never)) {
        generated.add(i + 1);
        return { ...item, deviceKey: randomBytes(8).toString("hex") };
      }
      return item;
    });
    const context = await importContextFor({ db, organization: caller.organization, isPlatformAdmin: false });
    const textTypes = new Set(["string", "enum", "date", "timestamp"]);
    const textAttributes = (productKey: string) =>
      new Set((Object.hasOwn(context.catalog ?? {}, productKey) ? context.catalog![productKey]!.attributes : []).filter((a) => textTypes.has(a.dataType)).map((a) => a.identifier));
    const staged = await stageSheet({
      db,
      organization: caller.organization,
      productId: null,
      actor: { serviceAccountId: caller.account.id, isPlatformAdmin: false },
      source: "api",
      secrets,
      file: { name: null, bytes: new TextEncoder().encode(JSON.stringify(json)) },
      sheet: itemsToSheet(withKeys, textAttributes),
      context,
    });
    if (!staged.ok) return envelope(requestId, 99400, `${enosErrors.invalid.msg}: ${staged.error.message}`);
    await commitStagedApiImport({ db, caller, secrets, importId: staged.value.importId });
    const rows = await listImportRows({ db, importId: staged.value.importId });
    // Secrets are handed out once: to the caller, encrypted for its RSA key, when asked for; otherwise dropped.
    const issued = await takeDeviceSecrets({ db, importId: staged.value.importId, secrets });
    const data = rows.map((row) => {
      const result = itemResult(row, generated.has(row.line));
      const secret = body.data.requireSecret ? issued.get(row.line) : undefined;
      return {
        ...result,
        data: {
          ...(row.assetId && result.code === 0 ? { assetId: row.assetId } : {}),
          productKey: row.cells["productKey"] || null,
          deviceKey: row.deviceKey,
          ...(secret ? encryptDeviceSecret(secret, caller.account.rsaPublicKey!) : {}),
        },
      };
    });
    const successSize = data.filter((d) => d.code === 0).length;
    const [imp] = await db.select().from(imports).where(eq(imports.id, staged.value.importId));
    const c = importCounters(imp!);
    const summary = { total: c.total, created: c.created, failed: c.failed, skipped: c.skipped };
    return Response.json({ code: 0, msg: "OK", requestId, data, successSize, totalSize: items.length, summary });
  } catch (error) {
    // The shared answer (a 413 or 409 is the caller's; anything else is logged under its id), in EnOS's envelope.
    const answer = errorResponse(error, requestId);
    const { message } = (await answer.json()) as { message: string };
    return Response.json({ code: answer.status, msg: message, requestId, data: [], successSize: 0, totalSize: 0 }, { status: answer.status, headers: answer.headers });
  }
}
