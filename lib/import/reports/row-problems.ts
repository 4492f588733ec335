import { issue, issueCodes, type IssueCode, type RowIssue } from "../issue";

/** A row as the reports see it: its errors from the preview, and its outcome once imported. */
export type ReportedRow = { errors: RowIssue[]; outcome: string; outcomeCode: string | null; outcomeMessage: string | null };

const known = new Set<string>(issueCodes);

/** Why a row that was valid in the preview failed at commit, as an issue of the whole row; null when it did not. */
export function commitFailure(row: ReportedRow): RowIssue | null {
  if (row.outcome !== "failed" || row.errors.length > 0) return null;
  const code = (row.outcomeCode && known.has(row.outcomeCode) ? row.outcomeCode : "WRITE_FAILED") as IssueCode;
  return issue(null, code, row.outcomeMessage ?? "The row was not written");
}

/** Everything that kept a row from being written: the preview's errors, or its failure at commit. */
export function rowProblems(row: ReportedRow): RowIssue[] {
  const failure = commitFailure(row);
  return failure ? [failure] : row.errors;
}
