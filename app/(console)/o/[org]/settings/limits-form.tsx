"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/app/_lib/action-result";
import type { OrganizationLimits } from "@/lib/organizations/limits";
import { saveLimits } from "./actions";

const fields: { name: keyof OrganizationLimits; label: string; hint: string }[] = [
  { name: "maxRowsPerFile", label: "Rows per file", hint: "Data rows in one uploaded template or CSV." },
  { name: "maxBytesPerFile", label: "Bytes per file", hint: "2 MiB is 2097152." },
  { name: "maxDevicesPerProduct", label: "Devices per product", hint: "EnOS error 11739 past this." },
  { name: "maxDevicesPerOrganization", label: "Devices per organization", hint: "All products together." },
  { name: "maxBatchSize", label: "API batch size", hint: "Items in one batchCreate call (EnOS error 99400 past this)." },
  { name: "apiCallsPerMinute", label: "API calls per minute per key", hint: "429 with Retry-After past this." },
  { name: "userImportsPerMinute", label: "Uploads and confirms per minute per user", hint: "429 with Retry-After past this." },
  { name: "maxGroupDepth", label: "Group depth", hint: "Levels in a group path (a/b/c is 3); at most 20." },
];

export function LimitsForm({ slug, limits }: { slug: string; limits: OrganizationLimits }) {
  const [state, action, pending] = useActionState<ActionResult<void> | null, FormData>(saveLimits.bind(null, slug), null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  const values = state && !state.ok ? state.values : undefined;
  return (
    <form action={action} className="stack" noValidate>
      {state && (
        <div className={`alert ${state.ok ? "success" : "error"}`} role={state.ok ? "status" : "alert"}>
          {state.ok ? state.message : state.error}
        </div>
      )}
      <div className="grid-2">
        {fields.map((field) => (
          <div className="field" key={field.name}>
            <label htmlFor={field.name}>{field.label}</label>
            <input
              id={field.name}
              name={field.name}
              className="input"
              inputMode="numeric"
              defaultValue={values?.[field.name] ?? limits[field.name]}
              aria-invalid={!!fieldErrors?.[field.name]}
              aria-describedby={`${field.name}-hint`}
            />
            {fieldErrors?.[field.name] ? (
              <span className="error">{fieldErrors[field.name]![0]}</span>
            ) : (
              <span className="hint" id={`${field.name}-hint`}>
                {field.hint}
              </span>
            )}
          </div>
        ))}
      </div>
      <div>
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? "Saving…" : "Save limits"}
        </button>
      </div>
    </form>
  );
}
