"use client";

import { useCallback, useEffect, useState } from "react";
import { formatNumber } from "@/lib/format";
import type { ListedIssue } from "@/lib/imports/row-window";

const PAGE = 100;

/** One kind of issue, a page at a time from the issues route: a 100,000-row import never sends them all. */
function useIssuePages(issuesUrl: string, kind: "errors" | "warnings", total: number, revision: number) {
  const [issues, setIssues] = useState<ListedIssue[]>([]);
  const fetchPage = useCallback(
    async (offset: number) => {
      const response = await fetch(`${issuesUrl}?kind=${kind}&offset=${offset}&limit=${PAGE}`, { cache: "no-store" });
      return response.ok ? ((await response.json()) as { issues: ListedIssue[] }).issues : [];
    },
    [issuesUrl, kind],
  );
  // After every edit the first page is read again (what was fixed leaves the list).
  useEffect(() => {
    let live = true;
    if (total === 0) return;
    void fetchPage(0).then((page) => live && setIssues(page));
    return () => {
      live = false;
    };
  }, [fetchPage, revision, total]);
  const more = async () => {
    const page = await fetchPage(issues.length);
    setIssues((current) => [...current, ...page]);
  };
  return { issues: total === 0 ? [] : issues, more };
}

function IssueList({ issues, total, kind, onReveal, onMore }: { issues: ListedIssue[]; total: number; kind: "error" | "warning"; onReveal: (line: number, column: string | null) => void; onMore: () => void }) {
  return (
    <ul className={`error-list${kind === "warning" ? " warning-list" : ""}`} aria-label={kind === "error" ? "Errors" : "Warnings"}>
      {issues.map((e, i) => (
        <li key={`${e.line}-${e.code}-${e.column}-${i}`}>
          <button type="button" onClick={() => onReveal(e.line, e.column)}>
            <span className="error-line">Line {e.line}</span>
            {e.column && <span className="error-column">{e.column}</span>}
            <span className="error-message">{e.message}</span>
          </button>
        </li>
      ))}
      {issues.length < total && (
        <li className="empty small">
          <button type="button" className="button small" onClick={onMore}>
            Show {formatNumber(Math.min(PAGE, total - issues.length))} more of {formatNumber(total - issues.length)}
          </button>{" "}
          (all are in errmsg.txt, “Export invalid records”)
        </li>
      )}
    </ul>
  );
}

/**
 * The file's errors, then its warnings under their own heading (a warning does not stop a row, but
 * the user should see it where the errors are), by line, a page at a time; a click scrolls the grid
 * to the cell.
 */
export function ErrorPanel({ issuesUrl, errorCount, warningCount, revision, onReveal }: { issuesUrl: string; errorCount: number; warningCount: number; revision: number; onReveal: (line: number, column: string | null) => void }) {
  const errors = useIssuePages(issuesUrl, "errors", errorCount, revision);
  const warnings = useIssuePages(issuesUrl, "warnings", warningCount, revision);
  return (
    <section className="card" aria-labelledby="errors-heading">
      <h2 id="errors-heading" className="panel-title">
        Errors <span className="count">{formatNumber(errorCount)}</span>
      </h2>
      {errorCount === 0 ? <p className="empty small">No errors. Every row can be imported.</p> : <IssueList issues={errors.issues} total={errorCount} kind="error" onReveal={onReveal} onMore={() => void errors.more()} />}
      {warningCount > 0 && (
        <>
          <h3 id="warnings-heading" className="panel-title panel-subtitle">
            Warnings <span className="count">{formatNumber(warningCount)}</span>
          </h3>
          <IssueList issues={warnings.issues} total={warningCount} kind="warning" onReveal={onReveal} onMore={() => void warnings.more()} />
        </>
      )}
    </section>
  );
}
