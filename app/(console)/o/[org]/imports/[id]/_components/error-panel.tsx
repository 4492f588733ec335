"use client";

import type { RowIssue } from "@/lib/import/issue";
import { commitFailure } from "@/lib/import/reports/row-problems";
import type { ImportRowView } from "@/lib/imports/queries";

const LIMIT = 500;
type Listed = RowIssue & { key: string; line: number };

const collect = (rows: ImportRowView[], pick: (r: ImportRowView) => RowIssue[]): Listed[] =>
  rows.flatMap((r) => pick(r).map((e, i) => ({ key: `${r.line}-${i}`, line: r.line, ...e }))).sort((a, b) => a.line - b.line);

function IssueList({ issues, kind, onReveal }: { issues: Listed[]; kind: "error" | "warning" | "failure"; onReveal: (line: number, column: string | null) => void }) {
  return (
    <ul className={`error-list${kind === "warning" ? " warning-list" : ""}`} aria-label={{ error: "Errors", warning: "Warnings", failure: "Failed when imported" }[kind]}>
      {issues.slice(0, LIMIT).map((e) => (
        <li key={e.key}>
          <button type="button" onClick={() => onReveal(e.line, e.column)}>
            <span className="error-line">Line {e.line}</span>
            {e.column && <span className="error-column">{e.column}</span>}
            {kind === "failure" && <code className="error-code">{e.code}</code>}
            <span className="error-message">{e.message}</span>
          </button>
        </li>
      ))}
      {issues.length > LIMIT && <li className="empty small">…and {issues.length - LIMIT} more: they are all in errmsg.txt (“Export invalid records”).</li>}
    </ul>
  );
}

/**
 * The rows that failed when imported (valid in the preview, refused at commit: each with its code),
 * every error of the file, then every warning under its own heading (a warning does not stop a
 * row, but the user should see it where the errors are); a click scrolls the grid to the cell.
 */
export function ErrorPanel({ rows, onReveal, hasRun }: { rows: ImportRowView[]; onReveal: (line: number, column: string | null) => void; hasRun: boolean }) {
  const failures = collect(rows, (r) => {
    const failure = commitFailure(r);
    return failure ? [failure] : [];
  });
  const errors = collect(rows, (r) => r.errors);
  const warnings = collect(rows, (r) => r.warnings);
  const total = failures.length + errors.length;
  return (
    <section className="card" aria-labelledby="errors-heading">
      <h2 id="errors-heading" className="panel-title">
        Errors <span className="count">{total}</span>
      </h2>
      {failures.length > 0 && (
        <>
          <h3 className="panel-title panel-subtitle">
            Failed when imported <span className="count">{failures.length}</span>
          </h3>
          <IssueList issues={failures} kind="failure" onReveal={onReveal} />
        </>
      )}
      {failures.length > 0 && errors.length > 0 && (
        <h3 className="panel-title panel-subtitle">
          Invalid in the file <span className="count">{errors.length}</span>
        </h3>
      )}
      {total === 0 ? (
        <p className="empty small">{hasRun ? "No errors. Every row was imported." : "No errors. Every row can be imported."}</p>
      ) : (
        errors.length > 0 && <IssueList issues={errors} kind="error" onReveal={onReveal} />
      )}
      {warnings.length > 0 && (
        <>
          <h3 id="warnings-heading" className="panel-title panel-subtitle">
            Warnings <span className="count">{warnings.length}</span>
          </h3>
          <IssueList issues={warnings} kind="warning" onReveal={onReveal} />
        </>
      )}
    </section>
  );
}
