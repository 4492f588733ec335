"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { discardStagedImport } from "../actions";

/** Discards the staged import (after a second click): nothing was written, and nothing of it is kept but its history entry. */
export function DiscardButton({ slug, importId, onError }: { slug: string; importId: string; onError: (message: string) => void }) {
  const [asked, setAsked] = useState(false);
  return (
    <section className="card card-body stack" aria-labelledby="discard-heading">
      <h2 id="discard-heading">Not importing it?</h2>
      {asked ? (
        <Ask slug={slug} importId={importId} onError={onError} onKeep={() => setAsked(false)} />
      ) : (
        <>
          <p className="hint">Discard the staged rows; the history keeps the entry as cancelled.</p>
          <button type="button" className="button" onClick={() => setAsked(true)}>
            Discard this import…
          </button>
        </>
      )}
    </section>
  );
}

function Ask({ slug, importId, onError, onKeep }: { slug: string; importId: string; onError: (message: string) => void; onKeep: () => void }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <div className="stack" role="group" aria-label="Discard the import">
      <p className="hint">Discard it? Its rows are deleted; the history keeps it as cancelled. No device is changed.</p>
      <div className="row">
        <button
          type="button"
          className="button danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            const result = await discardStagedImport(slug, importId);
            setBusy(false);
            if (!result.ok) return onError(result.error);
            router.refresh();
          }}
        >
          {busy ? "Discarding…" : "Discard"}
        </button>
        <button type="button" className="button" disabled={busy} onClick={onKeep}>
          Keep it
        </button>
      </div>
    </div>
  );
}
