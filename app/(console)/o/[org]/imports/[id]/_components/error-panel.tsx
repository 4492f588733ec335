"use client";

import type { ImportRowView } from "@/lib/imports/queries";

/** Every error of the file; a click scrolls the grid to the cell and focuses it. */
export function ErrorPanel({ rows, onReveal }: { rows: ImportRowView[]; onReveal: (line: number, column: string | null) => void }) {
  const errors = rows.flatMap((r) => r.errors.map((e, i) => ({ key: `${r.line}-${i}`, line: r.line, ...e }))).sort((a, b) => a.line - b.line);
  return (
    <section className="card" aria-labelledby="errors-heading">
      <h2 id="errors-heading" className="panel-title">
        Errors <span className="count">{errors.length}</span>
      </h2>
      {errors.length === 0 ? (
        <p className="empty small">No errors. Every row can be imported.</p>
      ) : (
        <ul className="error-list">
          {errors.slice(0, 500).map((e) => (
            <li key={e.key}>
              <button type="button" onClick={() => onReveal(e.line, e.column)}>
                <span className="error-line">Line {e.line}</span>
                {e.column && <span className="error-column">{e.column}</span>}
                <span className="error-message">{e.message}</span>
              </button>
            </li>
          ))}
          {errors.length > 500 && <li className="empty small">…and {errors.length - 500} more: export them with “Export invalid records”.</li>}
        </ul>
      )}
    </section>
  );
}
