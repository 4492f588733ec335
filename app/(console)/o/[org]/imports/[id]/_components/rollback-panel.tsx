"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { plural } from "@/lib/format";
import { rollBackImport } from "../actions";

export type RollbackLinks = { rolledBackBy: { id: string } | null; rollbackOf: { id: string; fileName: string | null } | null };

/** Where a rollback and its import point to each other. */
export function RollbackNotice({ links, importsPath }: { links: RollbackLinks; importsPath: string }) {
  if (links.rollbackOf) {
    return (
      <div className="alert info" role="status" data-testid="rollback-of">
        This is the rollback of <Link href={`${importsPath}/${links.rollbackOf.id}`}>{links.rollbackOf.fileName ?? "an API import"}</Link>. Devices changed since that import were left as they are and are listed below.
      </div>
    );
  }
  if (links.rolledBackBy) {
    return (
      <div className="alert info" role="status" data-testid="rolled-back-by">
        This import was rolled back: <Link href={`${importsPath}/${links.rolledBackBy.id}`}>see the rollback</Link>.
      </div>
    );
  }
  return null;
}

/** Admins roll a completed import back here, after a confirm step that lists what it will do. */
export function RollbackPanel({ slug, importId, importsPath, counts }: { slug: string; importId: string; importsPath: string; counts: { created: number; updated: number; deleted: number } }) {
  const router = useRouter();
  const [step, setStep] = useState<"closed" | "confirm" | "busy">("closed");
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setStep("busy");
    const result = await rollBackImport(slug, importId);
    if (!result.ok) {
      setError(result.error);
      setStep("confirm");
      return;
    }
    router.push(`${importsPath}/${result.data.rollbackId}`);
  };
  return (
    <section className="card card-body stack" aria-labelledby="rollback-heading">
      <h2 id="rollback-heading">Roll back</h2>
      {step === "closed" ? (
        <>
          <p className="hint">Undo this import from the devices as they were before it. Devices changed since are left as they are and listed.</p>
          <button type="button" className="button" onClick={() => setStep("confirm")}>
            Roll back this import…
          </button>
        </>
      ) : (
        <>
          <ul className="summary-list" aria-label="What the rollback does">
            <li>
              <strong>{plural(counts.created, "device")}</strong> it created will be deleted
            </li>
            <li>
              <strong>{plural(counts.updated, "device")}</strong> it updated get their previous values back
            </li>
            <li>
              <strong>{plural(counts.deleted, "device")}</strong> it deleted come back, with their SIM, external ids and credentials
            </li>
          </ul>
          {error && (
            <div className="alert error" role="alert">
              {error}
            </div>
          )}
          <div className="row">
            <button type="button" className="button danger" disabled={step === "busy"} onClick={() => void run()}>
              {step === "busy" ? "Rolling back…" : "Roll back"}
            </button>
            <button type="button" className="button" disabled={step === "busy"} onClick={() => setStep("closed")}>
              Cancel
            </button>
          </div>
        </>
      )}
    </section>
  );
}
