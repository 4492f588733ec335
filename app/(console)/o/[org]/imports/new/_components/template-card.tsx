"use client";

import { useState } from "react";
import { useTemplateDownloaded } from "./template-steps";

/** Step 2: the empty template, or one pre-filled from an existing device; and the CSV examples. */
export function TemplateCard({ productKey, templatePath, examplesPath, deviceKeys }: { productKey: string; templatePath: string; examplesPath: string; deviceKeys: string[] }) {
  const [deviceKey, setDeviceKey] = useState("");
  const known = deviceKeys.includes(deviceKey);
  const onDownload = useTemplateDownloaded();
  return (
    <section className="card card-body stack" aria-labelledby="template-heading">
      <h2 id="template-heading">Get the template</h2>
      <p className="muted">
        Fill in one device per row from row 3 of <code>Template_{productKey}.xlsx</code>. Row 1 names the columns (required ones in red), row 2 says what each expects.
      </p>
      <div className="row">
        <a className="button primary" href={templatePath} download onClick={onDownload}>
          Download an empty template
        </a>
      </div>
      <div className="field">
        <label htmlFor="device-key">Generate template from existing device</label>
        <div className="row">
          <input
            id="device-key"
            className="input"
            list="device-keys"
            placeholder="Type or pick a device key"
            value={deviceKey}
            onChange={(e) => setDeviceKey(e.target.value)}
            style={{ width: 280, maxWidth: "100%" }}
            aria-describedby="device-key-hint"
          />
          <datalist id="device-keys">
            {deviceKeys.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
          {known ? (
            <a className="button" href={`${templatePath}?device=${encodeURIComponent(deviceKey)}`} download onClick={onDownload}>
              Template from {deviceKey}
            </a>
          ) : (
            <button type="button" className="button" disabled>
              Template from device
            </button>
          )}
        </div>
        <span className="hint" id="device-key-hint">
          {deviceKey && !known ? `No device "${deviceKey}" in this product.` : "Row 3 holds that device's values: change its DeviceKey before you upload."}
        </span>
      </div>
      <details className="muted">
        <summary>Importing from a CSV instead?</summary>
        <p>
          Two CSV formats are accepted as well: Cumulocity bulk registration (<code>ID;CREDENTIALS;TYPE;NAME;…</code>, separator detected) and the 21- or 25-column device CSV with
          create, update and delete per row.
        </p>
        <div className="row">
          <a className="button small" href={`${examplesPath}/c8y_bulk?product=${encodeURIComponent(productKey)}`} download>
            Cumulocity example
          </a>
          <a className="button small" href={`${examplesPath}/device_csv?product=${encodeURIComponent(productKey)}`} download>
            Device CSV example
          </a>
        </div>
      </details>
    </section>
  );
}
