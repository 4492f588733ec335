"use client";

import { useEffect, useState } from "react";
import { useUrlQuery } from "./use-url-query";

/** Search box bound to `?q=`, debounced so that typing does not fire a request per key. */
export function DataGridSearch({ placeholder, label }: { placeholder: string; label: string }) {
  const { searchParams, setQuery } = useUrlQuery();
  const urlValue = searchParams.get("q") ?? "";
  const [value, setValue] = useState(urlValue);

  useEffect(() => {
    if (value.trim() === urlValue) return;
    const timer = setTimeout(() => setQuery({ q: value.trim() }), 300);
    return () => clearTimeout(timer);
  }, [value, urlValue, setQuery]);

  return (
    <input
      type="search"
      className="input"
      style={{ width: 300, maxWidth: "100%" }}
      aria-label={label}
      placeholder={placeholder}
      value={value}
      onChange={(event) => setValue(event.target.value)}
    />
  );
}
