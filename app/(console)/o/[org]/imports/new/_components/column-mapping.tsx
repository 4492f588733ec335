"use client";

import { useMemo, useState } from "react";
import { mappingProblems, type ColumnMapping } from "@/lib/import/mapping/mapping";
import type { MappingOffer } from "@/lib/imports/column-mappings";

const reasons = { name: "suggested by its name", values: "suggested by its values", remembered: "as last time" } as const;

/** Up to three distinct values of a column, as a hint of what it holds. */
const samplesOf = (offer: MappingOffer, index: number) => [...new Set(offer.samples.map((r) => r[index]?.trim() ?? "").filter((v) => v !== ""))].slice(0, 3);

/**
 * The mapping step for a file whose header is not the template's: each file column with a
 * suggested template column (or the mapping used last time for these columns, said so), which the
 * user can change or leave out; the required columns must all be covered before it can go on.
 */
export function ColumnMappingStep({ offer, fileName, busy, onSubmit, onCancel }: { offer: MappingOffer; fileName: string; busy: boolean; onSubmit: (mapping: ColumnMapping) => void; onCancel: () => void }) {
  const [targets, setTargets] = useState<(string | null)[]>(() => offer.header.map((_, i) => offer.suggestions[i]?.target ?? null));
  const mapping = useMemo(() => ({ header: offer.header, targets }), [offer.header, targets]);
  const problems = useMemo(() => mappingProblems(mapping, offer.targets), [mapping, offer.targets]);
  const mappedCount = targets.filter((t) => t !== null).length;
  const changed = (index: number) => targets[index] !== (offer.suggestions[index]?.target ?? null);

  return (
    <div className="stack" data-testid="column-mapping">
      <div>
        <h3 className="mapping-title">Map the columns of {fileName}</h3>
        <p className="muted">
          Its header (line {offer.headerLine}) is not the template&apos;s. Pick the template column each file column fills, or leave it out; the rows are then
          checked exactly like a template, on their own lines.
        </p>
      </div>
      {offer.remembered && (
        <div className="alert info" role="status" data-testid="mapped-like-last-time">
          <strong>Mapped like last time.</strong> These columns were mapped this way on {new Date(offer.remembered.savedAt).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" })}. Check
          them and continue, or change any.
        </div>
      )}
      <ol className="mapping-list">
        {offer.header.map((source, index) => {
          if (source.trim() === "") return null;
          const suggestion = offer.suggestions[index];
          const values = samplesOf(offer, index);
          const selectId = `map-${index}`;
          return (
            <li key={index} className="mapping-row">
              <div className="mapping-source">
                <label htmlFor={selectId}>
                  <strong>{source.trim()}</strong>
                </label>
                <span className="hint mapping-samples">{values.length > 0 ? values.join(" · ") : "no values in the first rows"}</span>
              </div>
              <div className="mapping-target">
                <select
                  id={selectId}
                  className="select"
                  value={targets[index] ?? ""}
                  disabled={busy}
                  data-testid={`map-${source.trim()}`}
                  onChange={(e) => setTargets((all) => all.map((t, i) => (i === index ? e.target.value || null : t)))}
                >
                  <option value="">Leave out</option>
                  {offer.targets.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.header}
                      {t.required ? " *" : ""}
                    </option>
                  ))}
                </select>
                <span className="hint">{changed(index) ? "your choice" : suggestion?.reason ? reasons[suggestion.reason] : "no match found"}</span>
              </div>
            </li>
          );
        })}
      </ol>
      {problems.length > 0 ? (
        <div className="alert warning" role="alert" data-testid="mapping-problems">
          {problems.map((p) => (
            <div key={p}>{p}</div>
          ))}
        </div>
      ) : (
        <p className="hint" data-testid="mapping-ready">
          Every required column is covered; {mappedCount} of {offer.header.filter((h) => h.trim() !== "").length} file columns are mapped. * marks a required column.
        </p>
      )}
      <div className="row">
        <button type="button" className="button primary" disabled={busy || problems.length > 0} onClick={() => onSubmit(mapping)}>
          {busy ? "Checking every row…" : "Check the rows with this mapping"}
        </button>
        <button type="button" className="button" disabled={busy} onClick={onCancel}>
          Choose another file
        </button>
      </div>
    </div>
  );
}
