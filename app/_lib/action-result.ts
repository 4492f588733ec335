/** The one result shape of every server action. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | {
      ok: false;
      error: string;
      fieldErrors?: Record<string, string[] | undefined>;
      /** What was submitted, so that a refused form shows the user's input again (React resets forms). */
      values?: Record<string, string>;
    };

/** The text fields of a form, minus anything secret and Next's own `$ACTION_*` fields. */
export function submittedValues(formData: FormData, omit: string[] = []): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !key.startsWith("$") && !omit.includes(key)) values[key] = value;
  }
  return values;
}
