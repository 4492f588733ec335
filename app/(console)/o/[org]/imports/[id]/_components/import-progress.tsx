"use client";

import { useEffect, useState } from "react";
import { plural } from "@/lib/format";
import { hasRun } from "@/lib/imports/counters";

/** Polls the import's state in the database while it runs; the request that started it has returned. */
export function ImportProgress({ statusUrl, total, onDone }: { statusUrl: string; total: number; onDone: () => void }) {
  const [state, setState] = useState<{ processedRows: number; totalRows: number } | null>(null);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const response = await fetch(statusUrl, { cache: "no-store" });
        const body = (await response.json()) as { status: Parameters<typeof hasRun>[0]; processedRows: number; totalRows: number };
        if (stopped) return;
        setState(body);
        if (hasRun(body.status)) return onDone();
      } catch {
        // A missed poll is retried below.
      }
      if (!stopped) setTimeout(poll, 700);
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [statusUrl, onDone]);
  const done = state?.processedRows ?? 0;
  const of = state?.totalRows ?? total;
  const percent = of > 0 ? Math.min(100, Math.round((done / of) * 100)) : 0;
  return (
    <section className="card card-body stack" role="status" aria-live="polite">
      <strong>Importing… {percent}%</strong>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Import progress">
        <span style={{ width: `${percent}%` }} />
      </div>
      <span className="muted">
        {done.toLocaleString("en-US")} of {plural(of, "row")} processed. You can leave this page; the import goes on.
      </span>
    </section>
  );
}
