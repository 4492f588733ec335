"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/app/_lib/action-result";
import { createAccount } from "./actions";

/** Creates an account; its API key is shown here once and never again. */
export function CreateAccountForm({ slug }: { slug: string }) {
  const [state, action, pending] = useActionState<ActionResult<{ name: string; apiKey: string }> | null, FormData>(createAccount.bind(null, slug), null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  const values = state && !state.ok ? state.values : undefined;
  return (
    <div className="stack">
      {state?.ok && (
        <div className="alert success stack" role="status">
          <strong>Service account “{state.data.name}” created. Copy its API key now: it is not shown again.</strong>
          <code className="api-key" data-testid="api-key">
            {state.data.apiKey}
          </code>
          <div>
            <button type="button" className="button small" onClick={() => void navigator.clipboard?.writeText(state.data.apiKey)}>
              Copy key
            </button>
          </div>
        </div>
      )}
      {state && !state.ok && (
        <div className="alert error" role="alert">
          {state.error}
        </div>
      )}
      <form action={action} className="stack" noValidate>
        <div className="grid-2">
          <div className="field">
            <label htmlFor="name">Name</label>
            <input id="name" name="name" className="input" defaultValue={values?.name} placeholder="Factory line 3" aria-invalid={!!fieldErrors?.name} />
            {fieldErrors?.name && <span className="error">{fieldErrors.name[0]}</span>}
          </div>
          <div className="field">
            <label htmlFor="role">Role</label>
            <select id="role" name="role" className="select" defaultValue={values?.role ?? "operator"}>
              <option value="operator">Operator: import and manage devices</option>
              <option value="admin">Admin: everything</option>
              <option value="viewer">Viewer: read only (cannot call the device APIs)</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="expiresOn">Expires on (optional)</label>
            <input id="expiresOn" name="expiresOn" type="date" className="input" defaultValue={values?.expiresOn} aria-invalid={!!fieldErrors?.expiresOn} aria-describedby="expiresOn-hint" />
            {fieldErrors?.expiresOn ? (
              <span className="error">{fieldErrors.expiresOn[0]}</span>
            ) : (
              <span className="hint" id="expiresOn-hint">
                The key works through that day (UTC), then answers 401 like a revoked one. Empty: no expiry.
              </span>
            )}
          </div>
        </div>
        <div className="field">
          <label htmlFor="rsaPublicKey">RSA public key (optional)</label>
          <textarea id="rsaPublicKey" name="rsaPublicKey" className="input textarea" rows={4} defaultValue={values?.rsaPublicKey} placeholder="-----BEGIN PUBLIC KEY-----" aria-invalid={!!fieldErrors?.rsaPublicKey} />
          {fieldErrors?.rsaPublicKey ? (
            <span className="error">{fieldErrors.rsaPublicKey[0]}</span>
          ) : (
            <span className="hint">Needed for EnOS requireSecret: device secrets are returned encrypted with this key (error 11858 without it).</span>
          )}
        </div>
        <div>
          <button type="submit" className="button primary" disabled={pending}>
            {pending ? "Creating…" : "Create service account"}
          </button>
        </div>
      </form>
    </div>
  );
}
