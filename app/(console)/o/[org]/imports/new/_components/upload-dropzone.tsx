"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { useDropzone, type FileRejection } from "react-dropzone";
import { plural } from "@/lib/format";
import type { ColumnMapping } from "@/lib/import/mapping/mapping";
import { encodingNames, textEncodings } from "@/lib/import/read/encodings";
import type { MappingOffer } from "@/lib/imports/column-mappings";
import { ColumnMappingStep } from "./column-mapping";
import { useTemplateDownloaded } from "./template-steps";

type Refusal = { code: string; message: string; importId?: string };

/** Step 3: drop or choose a file; it is uploaded with progress and validated on the server. */
export function UploadDropzone({ uploadUrl, productKey, importsPath, maxBytes, maxRows, maxLabel }: { uploadUrl: string; productKey: string; importsPath: string; maxBytes: number; maxRows: number; maxLabel: string }) {
  const router = useRouter();
  const [progress, setProgress] = useState<number | null>(null);
  const [phase, setPhase] = useState<"idle" | "uploading" | "validating">("idle");
  const [refusal, setRefusal] = useState<{ fileName: string; message: string } | null>(null);
  const [encoding, setEncoding] = useState("auto");
  // A file of another header: kept here and posted again with the user's mapping.
  const [mapping, setMapping] = useState<{ file: File; offer: MappingOffer } | null>(null);
  // The same file awaits confirmation already: open that one, or upload again on purpose.
  const [duplicate, setDuplicate] = useState<{ file: File; importId: string; message: string; columns?: ColumnMapping } | null>(null);
  const templateStepDone = useTemplateDownloaded();

  const upload = useCallback(
    (file: File, { columns, again = false }: { columns?: ColumnMapping; again?: boolean } = {}) => {
      setRefusal(null);
      setDuplicate(null);
      setPhase("uploading");
      setProgress(0);
      const form = new FormData();
      form.append("productKey", productKey);
      form.append("encoding", encoding);
      if (columns) form.append("mapping", JSON.stringify(columns));
      form.append("file", file);
      if (again) form.append("again", "1");
      const xhr = new XMLHttpRequest();
      xhr.open("POST", uploadUrl);
      xhr.responseType = "json";
      xhr.upload.onprogress = (e) => e.lengthComputable && setProgress(Math.round((e.loaded / e.total) * 100));
      xhr.upload.onload = () => setPhase("validating");
      xhr.onload = () => {
        const body = xhr.response as { importId?: string; needsMapping?: MappingOffer; error?: Refusal | string } | null;
        if (xhr.status === 201 && body?.importId) {
          router.push(`${importsPath}/${body.importId}`);
          return;
        }
        if (xhr.status === 200 && body?.needsMapping) {
          setMapping({ file, offer: body.needsMapping });
          templateStepDone();
          setPhase("idle");
          setProgress(null);
          return;
        }
        const error = body?.error;
        if (xhr.status === 409 && typeof error === "object" && error?.code === "DUPLICATE_STAGED" && error.importId) {
          setDuplicate({ file, importId: error.importId, message: error.message, columns });
          setPhase("idle");
          setProgress(null);
          return;
        }
        setRefusal({ fileName: file.name, message: typeof error === "string" ? error : (error?.message ?? `The upload failed (HTTP ${xhr.status}). Try again.`) });
        setPhase("idle");
        setProgress(null);
      };
      xhr.onerror = () => {
        setRefusal({ fileName: file.name, message: "The upload was interrupted. Check your connection and try again." });
        setPhase("idle");
        setProgress(null);
      };
      xhr.send(form);
    },
    [encoding, importsPath, productKey, router, templateStepDone, uploadUrl],
  );

  const onDrop = useCallback(
    (accepted: File[], rejected: FileRejection[]) => {
      const first = rejected[0];
      if (first) {
        const tooLarge = first.errors.some((e) => e.code === "file-too-large");
        setRefusal({
          fileName: first.file.name,
          message: tooLarge ? `The file is larger than ${maxLabel}, the limit per file. Split it into smaller files.` : rejected.length > 1 || accepted.length > 0 ? "Drop one file at a time." : "Only .xlsx, .csv, .tsv and .txt files can be imported.",
        });
        return;
      }
      if (accepted[0]) {
        setMapping(null);
        upload(accepted[0]);
      }
    },
    [maxLabel, upload],
  );

  const busy = phase !== "idle";
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDrop,
    multiple: false,
    maxSize: maxBytes,
    noClick: true,
    disabled: busy,
    accept: {
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
      "text/csv": [".csv"],
      "text/tab-separated-values": [".tsv"],
      "text/plain": [".txt"],
    },
  });

  if (mapping) {
    return (
      <section className="card card-body stack mapping-card" aria-labelledby="upload-heading">
        <h2 id="upload-heading">Upload the filled-in file</h2>
        <ColumnMappingStep
          key={`${mapping.file.name}:${mapping.offer.header.join("\u001f")}`}
          offer={mapping.offer}
          fileName={mapping.file.name}
          busy={busy}
          onSubmit={(columns) => upload(mapping.file, { columns })}
          onCancel={() => {
            setMapping(null);
            setRefusal(null);
          }}
        />
        {refusal && (
          <div className="alert error" role="alert">
            <strong>{refusal.fileName} was not accepted.</strong> {refusal.message}
          </div>
        )}
      </section>
    );
  }

  return (
    <section className="card card-body stack" aria-labelledby="upload-heading">
      <h2 id="upload-heading">Upload the filled-in file</h2>
      <div {...getRootProps({ className: `dropzone${isDragActive ? " active" : ""}${busy ? " busy" : ""}` })} data-testid="dropzone">
        <input {...getInputProps()} aria-label="File to import" />
        {busy ? (
          <div className="stack" style={{ width: "100%", maxWidth: 420 }} role="status" aria-live="polite">
            <strong>{phase === "uploading" ? `Uploading… ${progress ?? 0}%` : "Checking every row…"}</strong>
            <div className="progress" aria-hidden>
              <span style={{ width: `${phase === "uploading" ? (progress ?? 0) : 100}%` }} className={phase === "validating" ? "indeterminate" : undefined} />
            </div>
          </div>
        ) : (
          <>
            <strong>{isDragActive ? "Drop the file to upload it" : "Drag and drop the file here"}</strong>
            <span className="muted">or</span>
            <button type="button" className="button primary" onClick={open}>
              Choose a file
            </button>
          </>
        )}
      </div>
      <label className="inline-field">
        <span>Text encoding (CSV only)</span>
        <select className="select" value={encoding} onChange={(e) => setEncoding(e.target.value)} disabled={busy} data-testid="encoding">
          <option value="auto">Auto (detect)</option>
          {textEncodings.map((e) => (
            <option key={e} value={e}>
              {encodingNames[e]}
            </option>
          ))}
        </select>
      </label>
      <p className="hint">
        Accepted: the product template (.xlsx), or a CSV (.csv, .tsv, .txt); another system&apos;s export (.xlsx or CSV) can have its columns mapped. Up to {maxLabel} and {plural(maxRows, "device row")} per file. Nothing is imported
        before you confirm.
      </p>
      {duplicate && (
        <div className="alert info stack" role="alert" data-testid="duplicate-upload">
          <span>
            <strong>{duplicate.file.name}:</strong> {duplicate.message}
          </span>
          <div className="row">
            <button type="button" className="button primary" onClick={() => router.push(`${importsPath}/${duplicate.importId}`)}>
              Open that import
            </button>
            <button type="button" className="button" onClick={() => upload(duplicate.file, { columns: duplicate.columns, again: true })}>
              Upload it again anyway
            </button>
          </div>
        </div>
      )}
      {refusal && (
        <div className="alert error" role="alert">
          <strong>{refusal.fileName} was not accepted.</strong> {refusal.message}
        </div>
      )}
    </section>
  );
}
