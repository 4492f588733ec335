"use client";

import { useEffect, useRef, useState } from "react";
import type { Import } from "@/db/schema";
import { plural } from "@/lib/format";
import type { ImportCounters } from "@/lib/imports/counters";
import { nextPollMs, shouldRender } from "@/lib/imports/progress-poll";
import { formatDuration, rowsPerSecond, secondsLeft, type ProgressSample } from "@/lib/imports/progress-rate";

/** What the status route answers (the counters and error are the result panel's). */
export type PolledStatus = { status: Import["status"]; processedRows: number; totalRows: number; cancelling: boolean; counters: ImportCounters; error: string | null };
type Status = PolledStatus;

/**
 * Polls the import's state in the database while it waits or runs (closely at first: most imports
 * are done within a second). The job runs in a worker, not
 * in this page: closing the tab changes nothing.
 */
export function ImportProgress({
  statusUrl,
  status,
  total,
  canCancel,
  onCancel,
  onChange,
  onPoll,
}: {
  statusUrl: string;
  /** The status the page shows: when the polled one settles (or runs long), onChange gets it and renders the page anew. */
  status: "queued" | "importing";
  total: number;
  canCancel: boolean;
  onCancel: () => Promise<string | null>;
  onChange: (polled: PolledStatus) => void;
  /** Every reading (the header's badge follows it). */
  onPoll?: (polled: PolledStatus) => void;
}) {
  const [state, setState] = useState<Status | null>(null);
  const [samples, setSamples] = useState<ProgressSample[]>([]);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const [cancelSent, setCancelSent] = useState(false);
  const changed = useRef(onChange);
  const polled = useRef(onPoll);
  useEffect(() => {
    changed.current = onChange;
    polled.current = onPoll;
  }, [onChange, onPoll]);
  useEffect(() => {
    let stopped = false;
    let told = false;
    const started = Date.now();
    const poll = async () => {
      try {
        const response = await fetch(statusUrl, { cache: "no-store" });
        const body = (await response.json()) as Status;
        if (stopped) return;
        setState(body);
        polled.current?.(body);
        if (body.status === "importing") setSamples((s) => [...s.slice(-30), { at: Date.now(), processed: body.processedRows }]);
        // Settled, or running for a while: the page (badge, result panel) is rendered again with it, once.
        if (!told && shouldRender({ rendered: status, polled: body.status, watchingMs: Date.now() - started })) {
          told = true;
          changed.current(body);
        }
        if (body.status !== "importing" && body.status !== "queued") return;
      } catch {
        // A missed poll is retried below.
      }
      if (!stopped) setTimeout(poll, nextPollMs(Date.now() - started));
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [statusUrl, status]);

  const queued = (state?.status ?? "queued") === "queued";
  const processed = state?.processedRows ?? 0;
  const of = state?.totalRows ?? total;
  const percent = of > 0 ? Math.min(100, Math.round((processed / of) * 100)) : 0;
  const rate = rowsPerSecond(samples);
  const left = secondsLeft(samples, of);
  const cancelling = cancelSent || state?.cancelling === true;
  const cancel = async () => {
    setCancelSent(true);
    const error = await onCancel();
    if (error) {
      setCancelSent(false);
      setCancelError(error);
    }
  };
  return (
    <section className="card card-body stack" role="status" aria-live="polite" data-testid="import-progress">
      <div className="row progress-head">
        <strong>{queued ? "Queued: waiting for the organization's running import to finish" : cancelling ? `Cancelling… ${percent}%` : `Importing… ${percent}%`}</strong>
        {canCancel && (
          <button type="button" className="button small" onClick={cancel} disabled={cancelling}>
            {cancelling ? "Cancelling…" : "Cancel import"}
          </button>
        )}
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Import progress">
        <span className={queued ? "indeterminate" : undefined} style={{ width: queued ? "100%" : `${percent}%` }} />
      </div>
      <dl className="progress-figures">
        <div>
          <dt>Rows done</dt>
          <dd data-testid="rows-done">
            {processed.toLocaleString("en-US")} of {plural(of, "row")}
          </dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd data-testid="rows-per-second">{rate ? `${Math.round(rate).toLocaleString("en-US")} rows/s` : "—"}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd data-testid="time-left">{left !== null ? formatDuration(left) : "—"}</dd>
        </div>
      </dl>
      {cancelError && (
        <div className="alert error" role="alert">
          {cancelError}
        </div>
      )}
      <span className="muted">
        {cancelling
          ? "The import stops after the chunk being written; the rows written so far stay written."
          : "You can close this page: the import runs on the server and goes on."}
      </span>
    </section>
  );
}
