"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { UsageMeterBar } from "@/components/usage-meter-bar";
import { plural } from "@/lib/format";

type Product = { productKey: string; name: string; modelName: string; deviceCount: number };

/** Step 1: a searchable list of the organization's products. */
export function ProductPicker({ products, limit, basePath }: { products: Product[]; limit: number; basePath: string }) {
  const [query, setQuery] = useState("");
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? products.filter((p) => [p.productKey, p.name, p.modelName].some((v) => v.toLowerCase().includes(q))) : products;
  }, [products, query]);
  return (
    <div className="card">
      <div className="toolbar">
        <input className="input" type="search" aria-label="Search products" placeholder="Search by product key, name or model" value={query} onChange={(e) => setQuery(e.target.value)} style={{ width: 320, maxWidth: "100%" }} autoFocus />
        <span className="meter-label">
          {shown.length} of {plural(products.length, "product")}
        </span>
      </div>
      <ul className="pick-list" aria-label="Products">
        {shown.map((p) => (
          <li key={p.productKey}>
            <Link href={`${basePath}?product=${encodeURIComponent(p.productKey)}`} className="pick-item">
              <span>
                <strong>{p.name}</strong> <code>{p.productKey}</code>
                <span className="pick-meta">Model {p.modelName}</span>
              </span>
              <UsageMeterBar used={p.deviceCount} limit={limit} />
            </Link>
          </li>
        ))}
        {shown.length === 0 && <li className="empty">No product matches “{query}”.</li>}
      </ul>
    </div>
  );
}
