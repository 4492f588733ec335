import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { imports, type Organization } from "@/db/schema";
import type { RowResult } from "@/lib/import/command";
import type { FileRefusal, Result } from "@/lib/import/refusal";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { ImportContext } from "@/lib/import/dialects/context";
import { splitSecrets } from "@/lib/import/secret-columns";
import { safeFileName } from "@/lib/http/safe-file-name";
import type { ReadOptions, Sheet } from "@/lib/import/read";
import { validateSheet, type ImportSummary, type MappingRequest, type ValidatedImport } from "@/lib/import/validate-file";
import type { ColumnMapping } from "@/lib/import/mapping/mapping";
import { rememberMapping } from "./column-mappings";
import { checkUpload, type Validated } from "./check-upload";
import { importContextFor } from "./context";
import { databaseLookup } from "./lookup";
import { insertStagedRows } from "./stage-rows-sql";
import { stagedExtras, type StagedExtras } from "./before-images";
import { checkFingerprint } from "./check-fingerprint";
import { storeCheck } from "./stored-check";

export type Actor = { userId?: string; serviceAccountId?: string; isPlatformAdmin: boolean };

export type StagedImport = { importId: string; dialect: ValidatedImport["dialect"]; summary: ImportSummary; rows: RowResult[] };

/** Where staged rows go and who sent them. */
type StageTarget = { db: Db; organization: Organization; productId: string | null; actor: Actor; source: "console" | "api"; secrets: SecretBox };

export const ROW_CHUNK = 500;

/** Filled in when asked (the benchmark): reading and checking the file, then storing its rows. */
export type StageTimings = { checkMs?: number; storeMs?: number };

export const summaryColumns = (summary: ImportSummary) => ({ totalRows: summary.total, validRows: summary.valid, invalidRows: summary.invalid });

/** A row as stored: password cells (and the passwords of its change) masked and kept sealed apart until the import runs. */
export function stagedRow(importId: string, row: RowResult, secrets: SecretBox, extras?: StagedExtras) {
  const { shown, secrets: hidden } = splitSecrets(row.cells);
  const { checked, sealedChange } = storeCheck(row, secrets);
  return {
    importId,
    line: row.line,
    operation: row.operation,
    deviceKey: row.deviceKey,
    cells: shown,
    sealedCells: hidden ? secrets.seal(JSON.stringify(hidden)) : null,
    errors: row.errors,
    warnings: row.warnings,
    conversions: row.conversions,
    checked,
    sealedChange,
    beforeImage: extras?.beforeImage ?? null,
    changes: extras?.changes ?? null,
  };
}

/**
 * Reads and validates an upload (in a worker thread, under the read budget), then stores it as an
 * import with its rows. A refused file stores nothing. The confirm step imports exactly these rows.
 */
export async function stageImport(
  target: StageTarget & { file: { name: string; bytes: Uint8Array }; read?: ReadOptions; mapping?: MappingRequest; timings?: StageTimings },
): Promise<Result<StagedImport, FileRefusal>> {
  const { db, organization, productId, actor, file, mapping, timings } = target;
  const started = performance.now();
  const validated = await checkUpload({ db, organization, productId, isPlatformAdmin: actor.isPlatformAdmin, bytes: file.bytes, read: target.read, mapping });
  if (!validated.ok) return validated;
  const checked = performance.now();
  const staged = await storeStaged(target, validated.value, mapping?.apply);
  if (timings) Object.assign(timings, { checkMs: checked - started, storeMs: performance.now() - checked });
  // Remembered once it read: the next export with these columns is offered the same mapping.
  if (mapping?.apply && productId) await rememberMapping({ db, organizationId: organization.id, productId, mapping: mapping.apply, userId: actor.userId });
  return { ok: true, value: staged };
}

/** Validates rows already read (an API call's items) and stores them as an import. */
export async function stageSheet(target: StageTarget & { file: { name: string | null; bytes: Uint8Array }; sheet: Sheet; context?: ImportContext }): Promise<Result<StagedImport, FileRefusal>> {
  const { db, organization, productId, actor } = target;
  const context = target.context ?? (await importContextFor({ db, organization, productId, isPlatformAdmin: actor.isPlatformAdmin }));
  const validated = await validateSheet(target.sheet, context, databaseLookup(db, organization.id));
  return validated.ok ? { ok: true, value: await storeStaged(target, { ...validated.value, fingerprint: checkFingerprint(context) }) } : validated;
}

async function storeStaged(
  { db, organization, productId, actor, source, file, secrets }: StageTarget & { file: { name: string | null; bytes: Uint8Array } },
  { dialect, header, headerLine, rows, summary, encoding, warnings, fingerprint }: Validated,
  columnMapping?: ColumnMapping,
): Promise<StagedImport> {
  const importId = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(imports)
      .values({
        organizationId: organization.id,
        productId,
        userId: actor.userId,
        serviceAccountId: actor.serviceAccountId,
        source,
        dialect,
        fileName: file.name === null ? null : safeFileName(file.name),
        fileSha256: createHash("sha256").update(file.bytes).digest("hex"),
        fileBytes: file.bytes.length,
        header,
        headerLine,
        encoding: encoding ?? null,
        fileWarnings: warnings ?? [],
        columnMapping: columnMapping ?? null,
        checkFingerprint: fingerprint,
        ...summaryColumns(summary),
      })
      .returning({ id: imports.id });
    // Read in the same transaction as the rows are stored: the before-images are the devices as previewed.
    const extras = await stagedExtras(tx, organization.id, rows, header);
    await insertStagedRows(tx, created!.id, rows, (row) => stagedRow(created!.id, row, secrets, extras.get(row.line)));
    return created!.id;
  });
  return { importId, dialect, summary, rows };
}
