"use client";

import { useCallback, useEffect, useState } from "react";
import { formatNumber } from "@/lib/format";
import type { IssueKind, ListedIssue } from "@/lib/imports/row-window";

const PAGE = 100;

/** One kind of issue, a page at a time from the issues route: a 100,000-row import never sends them all. */
function useIssuePages(issuesUrl: string, kind: IssueKind, total: number, revision: number) {
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

const labels: Record<IssueKind, string> = { errors: "Errors", warnings: "Warnings", failures: "Failed when imported" };

/** Consecutive warnings saying the same thing (e.g. one per row of a file format that cannot carry an attribute) shown once, with their lines. */
type IssueGroup = ListedIssue & { lines: number[] };
function groupRepeats(issues: ListedIssue[], kind: IssueKind): IssueGroup[] {
  const groups: IssueGroup[] = [];
  for (const issue of issues) {
    const last = groups.at(-1);
    if (kind === "warnings" && last && last.code === issue.code && last.column === issue.column && last.message === issue.message) last.lines.push(issue.line);
    else groups.push({ ...issue, lines: [issue.line] });
  }
  return groups;
}
const linesLabel = (lines: number[]) => (lines.length === 1 ? `Line ${lines[0]}` : `${formatNumber(lines.length)} rows, lines ${lines[0]} … ${lines.at(-1)}`);

function IssueList({ issues, total, kind, onReveal, onMore }: { issues: ListedIssue[]; total: number; kind: IssueKind; onReveal: (line: number, column: string | null) => void; onMore: () => void }) {
  return (
    <ul className={`error-list${kind === "warnings" ? " warning-list" : ""}`} aria-label={labels[kind]}>
      {groupRepeats(issues, kind).map((e, i) => (
        <li key={`${e.line}-${e.code}-${e.column}-${i}`}>
          <button type="button" onClick={() => onReveal(e.line, e.column)}>
            <span className="error-line">{linesLabel(e.lines)}</span>
            {e.column && <span className="error-column">{e.column}</span>}
            {kind === "failures" && <code className="error-code">{e.code}</code>}
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
 * The rows that failed when imported (valid in the preview, refused at commit: each with its code),
 * the file's errors, then its warnings under their own heading (a warning does not stop a row, but
 * the user should see it where the errors are), by line, a page at a time; a click scrolls the grid
 * to the cell.
 */
export function ErrorPanel({
  issuesUrl,
  failureCount,
  errorCount,
  warningCount,
  revision,
  hasRun,
  onReveal,
}: {
  issuesUrl: string;
  failureCount: number;
  errorCount: number;
  warningCount: number;
  revision: number;
  hasRun: boolean;
  onReveal: (line: number, column: string | null) => void;
}) {
  const failures = useIssuePages(issuesUrl, "failures", failureCount, revision);
  const errors = useIssuePages(issuesUrl, "errors", errorCount, revision);
  const warnings = useIssuePages(issuesUrl, "warnings", warningCount, revision);
  const total = failureCount + errorCount;
  return (
    <section className="card" aria-labelledby="errors-heading">
      <h2 id="errors-heading" className="panel-title">
        Errors <span className="count">{formatNumber(total)}</span>
      </h2>
      {failureCount > 0 && (
        <>
          <h3 className="panel-title panel-subtitle">
            Failed when imported <span className="count">{formatNumber(failureCount)}</span>
          </h3>
          <IssueList issues={failures.issues} total={failureCount} kind="failures" onReveal={onReveal} onMore={() => void failures.more()} />
        </>
      )}
      {failureCount > 0 && errorCount > 0 && (
        <h3 className="panel-title panel-subtitle">
          Invalid in the file <span className="count">{formatNumber(errorCount)}</span>
        </h3>
      )}
      {total === 0 ? (
        <p className="empty small">{hasRun ? "No errors. Every row was imported." : "No errors. Every row can be imported."}</p>
      ) : (
        errorCount > 0 && <IssueList issues={errors.issues} total={errorCount} kind="errors" onReveal={onReveal} onMore={() => void errors.more()} />
      )}
      {warningCount > 0 && (
        <>
          <h3 id="warnings-heading" className="panel-title panel-subtitle">
            Warnings <span className="count">{formatNumber(warningCount)}</span>
          </h3>
          <IssueList issues={warnings.issues} total={warningCount} kind="warnings" onReveal={onReveal} onMore={() => void warnings.more()} />
        </>
      )}
    </section>
  );
}
