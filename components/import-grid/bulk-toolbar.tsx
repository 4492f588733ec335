"use client";

import { useEffect, useState } from "react";
import type { BulkEdit } from "@/lib/import/preview/bulk-edit";
import { isSecretColumn } from "@/lib/import/secret-columns";
import { formatNumber, plural } from "@/lib/format";

type Action = BulkEdit["kind"];
const actionLabels: Record<Action, string> = { set: "Set a value", replace: "Find and replace", "fill-down": "Fill down", remove: "Remove rows" };

/**
 * The bulk fixes over the selection: set a column's value, find and replace in a column (the
 * number of matching rows shows before it is applied), fill down, remove rows; and the one undo.
 */
export function BulkToolbar({
  columns,
  selected,
  invalid,
  busy,
  undo,
  onSelectInvalid,
  onClear,
  onApply,
  onUndo,
  countMatches,
}: {
  columns: string[];
  selected: number;
  invalid: number;
  busy: boolean;
  undo: string | null;
  onSelectInvalid: () => void;
  onClear: () => void;
  onApply: (edit: BulkEdit) => void;
  onUndo: () => void;
  countMatches: (column: string, find: string) => Promise<number | null>;
}) {
  const [action, setAction] = useState<Action>("set");
  const [column, setColumn] = useState(columns[0] ?? "");
  const [value, setValue] = useState("");
  const [find, setFind] = useState("");
  const [matches, setMatches] = useState<{ key: string; count: number } | null>(null);
  const matchKey = `${column}\u0000${find}\u0000${selected}`;

  // The count of matches before a replace: asked again (debounced) whenever the column, text or selection change.
  useEffect(() => {
    if (action !== "replace" || find === "" || selected === 0) return;
    let live = true;
    const timer = setTimeout(() => void countMatches(column, find).then((count) => live && count !== null && setMatches({ key: matchKey, count })), 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [action, column, find, selected, matchKey, countMatches]);
  const matchCount = matches?.key === matchKey ? matches.count : null;

  const edit: BulkEdit | null =
    action === "remove" ? { kind: "remove" } : !column ? null : action === "set" ? { kind: "set", column, value } : action === "fill-down" ? { kind: "fill-down", column } : find ? { kind: "replace", column, find, replace: value } : null;
  const secret = isSecretColumn(column) && (action === "replace" || action === "fill-down");
  const ready = edit !== null && selected > 0 && !busy && !secret && (action !== "replace" || (matchCount ?? 0) > 0);
  const applyLabel = action === "remove" ? `Remove ${plural(selected, "row")}` : `Apply to ${plural(selected, "row")}`;

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk fixes">
      <div className="bulk-row">
        <span className="bulk-count" data-testid="selected-count">
          {selected > 0 ? `${formatNumber(selected)} selected` : "No row selected"}
        </span>
        <button type="button" className="button small" disabled={invalid === 0 || busy} onClick={onSelectInvalid}>
          Select all invalid ({formatNumber(invalid)})
        </button>
        {selected > 0 && (
          <button type="button" className="button small" onClick={onClear}>
            Clear selection
          </button>
        )}
        {undo && (
          <button type="button" className="button small" disabled={busy} onClick={onUndo}>
            Undo {undo}
          </button>
        )}
      </div>
      {selected > 0 && (
        <form
          className="bulk-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (ready && edit) onApply(edit);
          }}
        >
          <div className="bulk-field">
            <span>Fix</span>
            <select aria-label="Fix" value={action} onChange={(e) => setAction(e.target.value as Action)}>
              {(Object.keys(actionLabels) as Action[]).map((a) => (
                <option key={a} value={a}>
                  {actionLabels[a]}
                </option>
              ))}
            </select>
          </div>
          {action !== "remove" && (
            <div className="bulk-field">
              <span>Column</span>
              <select aria-label="Column" value={column} onChange={(e) => setColumn(e.target.value)}>
                {columns.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
          )}
          {action === "replace" && (
            <div className="bulk-field">
              <span>Find</span>
              <input aria-label="Find" value={find} onChange={(e) => setFind(e.target.value)} />
            </div>
          )}
          {(action === "set" || action === "replace") && (
            <div className="bulk-field">
              <span>{action === "set" ? "Value" : "Replace with"}</span>
              <input aria-label={action === "set" ? "Value" : "Replace with"} value={value} onChange={(e) => setValue(e.target.value)} />
            </div>
          )}
          {action === "replace" && find !== "" && (
            <span className="bulk-matches" role="status" data-testid="match-count">
              {matchCount === null ? "Counting…" : `${plural(matchCount, "row")} ${matchCount === 1 ? "matches" : "match"}`}
            </span>
          )}
          {action === "fill-down" && <span className="hint">Copies the first selected row&apos;s {column} into the others.</span>}
          {secret && <span className="hint">Passwords are masked: set the value instead.</span>}
          <button type="submit" className={`button small${action === "remove" ? " danger" : " primary"}`} disabled={!ready}>
            {busy ? "Checking…" : applyLabel}
          </button>
        </form>
      )}
    </div>
  );
}
