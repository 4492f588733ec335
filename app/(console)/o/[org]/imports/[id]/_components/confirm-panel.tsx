"use client";

import { useState } from "react";
import { plural } from "@/lib/format";
import type { RowSummary } from "@/lib/imports/row-window";

/** What confirming will do, with deletes called out. Nothing is written before the click. */
/** Counted on the server (summarizeImportRows): the panel never needs the rows themselves. */
export function ConfirmPanel({ summary, productName, organizationName, canWrite, onConfirm }: { summary: RowSummary; productName: string | null; organizationName: string; canWrite: boolean; onConfirm: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const valid = { length: summary.valid };
  const count = (op: "create" | "update" | "delete" | "upsert_credentials") => ({ create: summary.creates, update: summary.updates, delete: summary.deletes, upsert_credentials: summary.upserts })[op];
  const creates = count("create") + count("upsert_credentials");
  const updates = count("update");
  const deletes = count("delete");
  const invalid = summary.invalid;
  const warned = summary.warnedValid;
  return (
    <section className="card card-body stack" aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">Confirm the import</h2>
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
        {summary.removed > 0 && (
          <li className="muted">
            <strong>{plural(summary.removed, "row")} removed</strong> by you, skipped
          </li>
        )}
        <li className="muted">
          into {productName ?? "the products named in the file"}, {organizationName}
        </li>
      </ul>
      {deletes > 0 && (
        <div className="alert error" role="note">
          <strong>{plural(deletes, "device")} will be deleted</strong>, with their SIMs. This cannot be undone.
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
