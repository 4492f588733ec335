"use client";

import { useState } from "react";
import { useUrlQuery } from "@/components/data-grid/use-url-query";

type Option = { value: string; label: string };
const keys = ["status", "source", "format", "product", "user", "from", "to"] as const;
type Values = Record<(typeof keys)[number], string>;

/**
 * The history's filters; each change goes to the URL (and back to page 1). The values are kept
 * here as well and sent whole, so that a second change made before the first navigation lands
 * does not undo the first. The page remounts this with the URL's values (key) after a change.
 */
export function HistoryFilters({ statuses, sources, formats, products, actors }: { statuses: Option[]; sources: Option[]; formats: Option[]; products: Option[]; actors: Option[] }) {
  const { searchParams, setQuery, pending } = useUrlQuery();
  const [values, setValues] = useState<Values>(() => Object.fromEntries(keys.map((k) => [k, searchParams.get(k) ?? ""])) as Values);
  const change = (patch: Partial<Values>) => {
    const next = { ...values, ...patch };
    setValues(next);
    setQuery(next);
  };
  const select = (key: (typeof keys)[number], label: string, options: Option[], all: string) => (
    <label className="filter">
      <span>{label}</span>
      <select className="select" aria-label={label} value={values[key]} onChange={(e) => change({ [key]: e.target.value })}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  const date = (key: (typeof keys)[number], label: string) => (
    <label className="filter">
      <span>{label}</span>
      <input className="input" type="date" aria-label={label} value={values[key]} onChange={(e) => change({ [key]: e.target.value })} />
    </label>
  );
  const active = keys.some((k) => values[k] !== "");
  return (
    <div className="filters" role="search" aria-label="Filter imports" aria-busy={pending}>
      {select("status", "Status", statuses, "Any status")}
      {select("source", "Source", sources, "Console and API")}
      {select("format", "Format", formats, "Any format")}
      {select("product", "Product", products, "Any product")}
      {select("user", "By", actors, "Anyone")}
      {date("from", "From")}
      {date("to", "To")}
      {active && (
        <button type="button" className="button small ghost" onClick={() => change(Object.fromEntries(keys.map((k) => [k, ""])) as Values)}>
          Clear filters
        </button>
      )}
    </div>
  );
}
