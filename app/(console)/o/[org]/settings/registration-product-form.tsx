"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/app/_lib/action-result";
import { saveRegistrationProduct } from "./actions";

/** Which product Cumulocity bulk registration uses when a row's TYPE names no product. */
export function RegistrationProductForm({ slug, current, products }: { slug: string; current: string | null; products: { productKey: string; name: string }[] }) {
  const [state, action, pending] = useActionState<ActionResult<void> | null, FormData>(saveRegistrationProduct.bind(null, slug), null);
  return (
    <form action={action} className="stack" noValidate>
      {state && (
        <div className={`alert ${state.ok ? "success" : "error"}`} role={state.ok ? "status" : "alert"}>
          {state.ok ? state.message : state.error}
        </div>
      )}
      <div className="field">
        <label htmlFor="productKey">Product for registrations</label>
        <select id="productKey" name="productKey" className="input" defaultValue={current ?? ""} aria-describedby="productKey-hint">
          <option value="">None: rows whose TYPE names no product fail</option>
          {products.map((p) => (
            <option key={p.productKey} value={p.productKey}>
              {p.name} ({p.productKey})
            </option>
          ))}
        </select>
        <span className="hint" id="productKey-hint">
          Cumulocity bulk registration (POST /devicecontrol/bulkNewDeviceRequests): a row whose TYPE is a product key goes to that product; any other row goes here.
        </span>
      </div>
      <div>
        <button type="submit" className="button primary" disabled={pending}>
          {pending ? "Saving…" : "Save product"}
        </button>
      </div>
    </form>
  );
}
