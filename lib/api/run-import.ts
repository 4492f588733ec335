import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { importRows, imports } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { formatBytes } from "@/lib/import/limits";
import type { FileRefusal } from "@/lib/import/refusal";
import { commitImport } from "@/lib/imports/commit";
import { listImportRows } from "@/lib/imports/queries";
import { stageImport } from "@/lib/imports/stage";
import type { ApiCaller } from "./auth";
import { parseMultipart } from "./multipart";

export type ApiFile = { name: string; bytes: Uint8Array };

/** The CSV of an API call: a multipart `file` part, or the body itself (text/csv). */
export async function readApiFile(request: Request, maxBytes: number): Promise<ApiFile | FileRefusal> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes + 64 * 1024) {
    return { code: "FILE_TOO_LARGE", message: `The request is larger than ${formatBytes(maxBytes)}, the limit per file.` };
  }
  const type = request.headers.get("content-type") ?? "";
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await request.arrayBuffer());
  } catch {
    return { code: "CORRUPT_FILE", message: "The request body could not be read." };
  }
  if (!/^\s*multipart\/form-data/i.test(type)) return { name: "request.csv", bytes };
  const parsed = parseMultipart(bytes, type);
  if (!parsed.ok) return { code: "CORRUPT_FILE", message: `The multipart body could not be read: ${parsed.message}` };
  // Seed 002 sends the file as a plain field (no filename=); either shape is the file.
  const file = parsed.parts.find((p) => p.name === "file");
  if (!file) return { code: "EMPTY_FILE", message: 'The multipart request has no "file" part.' };
  return { name: file.filename || "upload.csv", bytes: file.body };
}

type ApiImport = { db: Db; caller: ApiCaller; secrets: SecretBox };

/** Stages the file as an import of the caller: it shows in the console's history like an upload. */
export function stageApiFile({ db, caller, secrets, productId, file }: ApiImport & { productId: string | null; file: ApiFile }) {
  return stageImport({ db, organization: caller.organization, productId, actor: { serviceAccountId: caller.account.id, isPlatformAdmin: false }, source: "api", secrets, file });
}

/** Runs a staged import now (the API answers when it is done) and returns it with its rows. */
export async function commitApiImport({ db, caller, secrets, importId, isPlatformAdmin = false }: ApiImport & { importId: string; isPlatformAdmin?: boolean }) {
  await commitImport({ db, importId, organization: caller.organization, isPlatformAdmin, secrets });
  const [imp] = await db.select().from(imports).where(eq(imports.id, importId));
  return { imp: imp!, rows: await listImportRows({ db, importId }) };
}

/** A staged call that is refused (wrong dialect, foreign company) stays in the history as cancelled, with why. */
export async function cancelImport({ db, importId, reason }: { db: Db; importId: string; reason: string }) {
  await db.update(imports).set({ status: "cancelled", finishedAt: new Date(), error: reason.slice(0, 500) }).where(eq(imports.id, importId));
  // Nothing will run: the passwords it carried go now.
  await db.update(importRows).set({ sealedCells: null }).where(eq(importRows.importId, importId));
}

/** 500 without internals: the detail goes to the server log under a request id. */
export function internalError(error: unknown) {
  const requestId = crypto.randomUUID();
  console.error(`API request ${requestId} failed:`, error);
  return Response.json({ error: "Internal Server Error", message: "An unexpected error was encountered.", requestId }, { status: 500 });
}
