"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/app/_lib/action-result";
import { signIn } from "./actions";

export function SignInForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(signIn, null);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  const values = state && !state.ok ? state.values : undefined;
  return (
    <form action={action} className="stack" noValidate>
      {state && !state.ok && (
        <div className="alert error" role="alert">
          {state.error}
        </div>
      )}
      <input type="hidden" name="next" value={next ?? ""} />
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" className="input" autoComplete="username" defaultValue={values?.email} required autoFocus aria-invalid={!!fieldErrors?.email} />
        {fieldErrors?.email && <span className="error">{fieldErrors.email[0]}</span>}
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" className="input" autoComplete="current-password" required aria-invalid={!!fieldErrors?.password} />
        {fieldErrors?.password && <span className="error">{fieldErrors.password[0]}</span>}
      </div>
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
