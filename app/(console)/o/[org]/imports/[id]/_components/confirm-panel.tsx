"use client";

import { useState } from "react";
import { plural } from "@/lib/format";
import type { PreviewRow, RowSummary } from "@/lib/imports/row-window";
import { ChangeCounts, DeletedDevices, changeTally } from "./change-counts";

/** What confirming will do, with deletes called out. Nothing is written before the click. */
/** Counted on the server (summarizeImportRows): the panel never needs the rows themselves. */
export function ConfirmPanel({
  summary,
  deleteRows,
  productName,
  organizationName,
  canWrite,
  onConfirm,
}: {
  summary: RowSummary;
  /** The delete rows to name (the first ones; the count is the summary's). */
  deleteRows: PreviewRow[];
  productName: string | null;
  organizationName: string;
  canWrite: boolean;
  onConfirm: (options: { allOrNothing: boolean }) => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [allOrNothing, setAllOrNothing] = useState(false);
  const valid = { length: summary.valid };
  const count = (op: "create" | "update" | "delete" | "upsert_credentials") => ({ create: summary.creates, update: summary.updates, delete: summary.deletes, upsert_credentials: summary.upserts })[op];
  const creates = count("create") + count("upsert_credentials");
  // Updates that change nothing are counted apart (No change), from the staged before-images.
  const updates = summary.changeUpdates;
  const deletes = count("delete");
  const invalid = summary.invalid;
  const warned = summary.warnedValid;
  return (
    <section className="card card-body stack" aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">Confirm the import</h2>
      <ChangeCounts counts={changeTally(summary)} />
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
          <strong>{plural(deletes, "device")} will be deleted</strong>, with their SIMs and external ids. An admin can roll the import back afterwards.
          <DeletedDevices valid={deleteRows.filter((r) => r.errors.length === 0)} />
        </div>
      )}
      <label className="check">
        <input type="checkbox" checked={allOrNothing} onChange={(e) => setAllOrNothing(e.target.checked)} disabled={!canWrite} />
        <span>
          <strong>All or nothing</strong>: if any row cannot be written, write none
        </span>
      </label>
      {allOrNothing && invalid > 0 && (
        <p className="hint warning-text" role="note">
          With {plural(invalid, "invalid row")}, an all-or-nothing import writes nothing. Fix {invalid === 1 ? "it" : "them"} first.
        </p>
      )}
      <button
        type="button"
        className="button primary"
        disabled={!canWrite || valid.length === 0 || busy || (allOrNothing && invalid > 0)}
        onClick={async () => {
          setBusy(true);
          await onConfirm({ allOrNothing });
          setBusy(false);
        }}
      >
        {busy ? "Starting…" : valid.length === 0 ? "No valid row to import" : `Import ${plural(valid.length, "valid row")}`}
      </button>
      {!canWrite && <p className="hint">Your role can view this import but not run it.</p>}
    </section>
  );
}
