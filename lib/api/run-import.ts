import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { imports } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { errorResponse, HttpError } from "@/lib/http/errors";
import { ENVELOPE_BYTES, readCappedBody } from "@/lib/http/read-capped-body";
import { safeFileName } from "@/lib/http/safe-file-name";
import type { FileRefusal } from "@/lib/import/refusal";
import { busyMessage, findRunningImport, type RunningImport } from "@/lib/imports/commit";
import { importQueueFor, queueImport } from "@/lib/jobs/import-queue";
import { OrganizationBusyError } from "@/lib/jobs/run-commit-job";
import { waitForImport } from "@/lib/jobs/wait-for-import";
import { listImportRows } from "@/lib/imports/queries";
import { stageImport } from "@/lib/imports/stage";
import type { ApiCaller } from "./auth";
import { parseMultipart } from "./multipart";
import { forgetPasswords } from "@/lib/imports/forget-passwords";

export type ApiFile = { name: string; bytes: Uint8Array };

/**
 * The CSV of an API call: a multipart `file` part, or the body itself (text/csv). The body is read
 * through the capped reader: over the limit (declared or streamed) it throws a 413 HttpError, which
 * the handlers' error wrapper answers, before more than the limit was held in memory.
 */
export async function readApiFile(request: Request, maxBytes: number): Promise<ApiFile | FileRefusal> {
  const type = request.headers.get("content-type") ?? "";
  const multipart = /^\s*multipart\/form-data/i.test(type);
  const body = await readCappedBody(request, maxBytes, multipart ? ENVELOPE_BYTES : 0);
  if (!body.ok) {
    if (body.status === 413) throw new HttpError(413, "Payload Too Large", body.message);
    return { code: "CORRUPT_FILE", message: body.message };
  }
  const bytes = body.bytes;
  if (!multipart) return { name: "request.csv", bytes };
  const parsed = parseMultipart(bytes, type);
  if (!parsed.ok) return { code: "CORRUPT_FILE", message: `The multipart body could not be read: ${parsed.message}` };
  // Seed 002 sends the file as a plain field (no filename=); either shape is the file.
  const file = parsed.parts.find((p) => p.name === "file");
  if (!file) return { code: "EMPTY_FILE", message: 'The multipart request has no "file" part.' };
  return { name: safeFileName(file.filename, "upload.csv"), bytes: file.body };
}

type ApiImport = { db: Db; caller: ApiCaller; secrets: SecretBox };

/** Stages the file as an import of the caller: it shows in the console's history like an upload. */
export function stageApiFile({ db, caller, secrets, productId, file }: ApiImport & { productId: string | null; file: ApiFile }) {
  return stageImport({ db, organization: caller.organization, productId, actor: { serviceAccountId: caller.account.id, isPlatformAdmin: false }, source: "api", secrets, file });
}

/** Runs a staged import now (the API answers when it is done) and returns it with its rows. */
export async function commitApiImport({ db, caller, secrets, importId, isPlatformAdmin = false }: ApiImport & { importId: string; isPlatformAdmin?: boolean }) {
  await commitStagedApiImport({ db, caller, secrets, importId, isPlatformAdmin });
  const [imp] = await db.select().from(imports).where(eq(imports.id, importId));
  return { imp: imp!, rows: await listImportRows({ db, importId }) };
}

/** An API call waits this long for its import's job; past it the answer is a 504 and the import goes on. */
const API_WAIT_MS = 5 * 60_000;

/**
 * Commits a staged API import through the job queue (a worker runs it; the call waits for the
 * result, as the APIs answer with it), or, while another import of the organization is writing
 * devices, keeps it in the history as cancelled with why and throws a 409 that the handler answers.
 */
export async function commitStagedApiImport({ db, caller, secrets, importId, isPlatformAdmin = false }: ApiImport & { importId: string; isPlatformAdmin?: boolean }) {
  const organizationId = caller.organization.id;
  const refuse = async (busy: RunningImport) => {
    const message = busyMessage(busy);
    await cancelImport({ db, importId, reason: message });
    return new HttpError(409, "Conflict", message);
  };
  const busy = await findRunningImport(db, organizationId, importId);
  if (busy) throw await refuse(busy);
  try {
    await queueImport({ db, queue: importQueueFor(db, secrets), job: { importId, organizationId, isPlatformAdmin } });
  } catch (error) {
    // Run in this process (no queue), a race with another call is still a 409, as before.
    if (error instanceof OrganizationBusyError) throw await refuse(error.busy);
    throw error;
  }
  const done = await waitForImport({ db, importId, timeoutMs: API_WAIT_MS });
  if (!done) throw new HttpError(504, "Gateway Timeout", `Import ${importId} is still running; it shows in the console's history when it has finished.`);
  return done;
}

/** A staged call that is refused (wrong dialect, foreign company) stays in the history as cancelled, with why. */
export async function cancelImport({ db, importId, reason }: { db: Db; importId: string; reason: string }) {
  await db.update(imports).set({ status: "cancelled", finishedAt: new Date(), error: reason.slice(0, 500) }).where(eq(imports.id, importId));
  // Nothing will run: the passwords it carried go now.
  await forgetPasswords(db, importId);
}

/** 500 without internals (the detail goes to the server log under a request id); a HttpError answers as itself. */
export function internalError(error: unknown) {
  return errorResponse(error);
}
