"use client";

import { useEffect, useRef, useState } from "react";
import type { RowIssue } from "@/lib/import/issue";
import { MASKED } from "@/lib/import/secret-columns";

/**
 * One cell of the preview. A bad cell is marked, focusable, and shows its message on hover and
 * focus; an editable cell opens an input on double click, Enter or F2 (Enter saves, Escape cancels).
 */
export function GridCell({
  id,
  position,
  value,
  issues,
  warnings,
  notes = [],
  editable,
  onSave,
  display,
  note,
}: {
  id: string;
  /** Row index in the grid and column index, for arrow-key movement. */
  position: { row: number; col: number };
  value: string;
  issues: RowIssue[];
  warnings: RowIssue[];
  /** Small notes under the value, e.g. what a converted value was in the file. */
  notes?: string[];
  editable: boolean;
  onSave: (value: string) => Promise<void>;
  /** Shown instead of the value (e.g. before → after); the value is still what an edit starts from. */
  display?: React.ReactNode;
  /** A message that is neither error nor warning (e.g. what the row changes), shown like one. */
  note?: string | null;
}) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [saving, setSaving] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);

  const save = async () => {
    if (draft === value) return setEditing(false);
    setSaving(true);
    await onSave(draft);
    setSaving(false);
    setEditing(false);
  };

  if (editing) {
    return (
      <input
        ref={input}
        className="cell-input"
        aria-label="Edit cell"
        value={draft}
        disabled={saving}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => void save()}
        onKeyDown={(e) => {
          if (e.key === "Enter") void save();
          if (e.key === "Escape") {
            setDraft(value);
            setEditing(false);
          }
        }}
      />
    );
  }
  const bad = issues.length > 0;
  const warn = !bad && warnings.length > 0;
  const message = [...[...issues, ...warnings].map((i) => i.message), ...notes, ...(note ? [note] : [])].join("\n");
  return (
    <div
      className={`cell${bad ? " cell-error" : warn ? " cell-warning" : ""}${editable ? " cell-editable" : ""}${notes.length > 0 ? " cell-noted" : ""}`}
      data-cell-id={id}
      data-row={position.row}
      data-col={position.col}
      tabIndex={bad || warn || editable || notes.length > 0 || note ? 0 : -1}
      aria-invalid={bad || undefined}
      aria-describedby={message ? `${id}-msg` : undefined}
      onDoubleClick={() => editable && (setDraft(value === MASKED ? "" : value), setEditing(true))}
      onKeyDown={(e) => {
        if (editable && (e.key === "Enter" || e.key === "F2")) {
          e.preventDefault();
          // A masked password is typed anew, never shown.
          setDraft(value === MASKED ? "" : value);
          setEditing(true);
        }
      }}
    >
      <span className="cell-text">{display ?? (value === "" && bad ? <span className="none">empty</span> : value)}</span>
      {notes.length > 0 && (
        <span className="cell-note" data-testid="cell-note">
          {notes.join("; ")}
        </span>
      )}
      {message && (
        <span role="tooltip" id={`${id}-msg`} className="cell-tip">
          {message}
        </span>
      )}
    </div>
  );
}
