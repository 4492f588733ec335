"use client";

import { useState } from "react";
import { plural } from "@/lib/format";
import type { ImportRowView } from "@/lib/imports/queries";
import { ChangeCounts, DeletedDevices, countChanges } from "./change-counts";

/** What confirming will do, with deletes called out. Nothing is written before the click. */
export function ConfirmPanel({ rows, productName, organizationName, canWrite, onConfirm }: { rows: ImportRowView[]; productName: string | null; organizationName: string; canWrite: boolean; onConfirm: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const valid = rows.filter((r) => r.errors.length === 0);
  const count = (op: ImportRowView["operation"]) => valid.filter((r) => r.operation === op).length;
  const creates = count("create") + count("upsert_credentials");
  // Updates that change nothing are counted apart (No change), from the staged before-images.
  const updates = countChanges(valid).update;
  const deletes = count("delete");
  const invalid = rows.length - valid.length;
  const warned = valid.filter((r) => r.warnings.length > 0).length;
  return (
    <section className="card card-body stack" aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">Confirm the import</h2>
      <ChangeCounts valid={valid} />
      <ul className="summary-list">
        {(creates > 0 || valid.length === 0) && (
          <li>
            <strong>{plural(creates, "device")}</strong> {count("upsert_credentials") > 0 ? "created (or credentials updated)" : "created"}
          </li>
        )}
        {updates > 0 && (
          <li>
            <strong>{plural(updates, "device")}</strong> updated
          </li>
        )}
        {warned > 0 && (
          <li className="warning-text">
            <strong>{plural(warned, "row")} with warnings</strong> imported as shown
          </li>
        )}
        {invalid > 0 && (
          <li className="muted">
            <strong>{plural(invalid, "invalid row")}</strong> skipped
          </li>
        )}
        <li className="muted">
          into {productName ?? "the products named in the file"}, {organizationName}
        </li>
      </ul>
      {deletes > 0 && (
        <div className="alert error" role="note">
          <strong>{plural(deletes, "device")} will be deleted</strong>, with their SIMs and external ids. An admin can roll the import back afterwards.
          <DeletedDevices valid={valid} />
        </div>
      )}
      <button
        type="button"
        className="button primary"
        disabled={!canWrite || valid.length === 0 || busy}
        onClick={async () => {
          setBusy(true);
          await onConfirm();
          setBusy(false);
        }}
      >
        {busy ? "Starting…" : valid.length === 0 ? "No valid row to import" : `Import ${plural(valid.length, "valid row")}`}
      </button>
      {!canWrite && <p className="hint">Your role can view this import but not run it.</p>}
    </section>
  );
}
