/** What one server action (a form post) may carry; next.config.ts sets the same for Next.js itself. */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

const plain = (status: number, text: string) => new Response(text, { status, headers: { "content-type": "text/plain" } });

/**
 * A server action post over the limit, answered before Next.js reads it: Next.js would answer 500.
 * A post without Content-Length (chunked) cannot be sized up front and would also end in Next.js's
 * 500 once past the limit; browsers always send the length of an action's body, so only other
 * clients meet the 411. Plain-text 4xx is what the Next.js client turns into an error carrying this
 * very message.
 */
export function actionBodyTooLarge(headers: Headers, method: string): Response | null {
  if (method !== "POST" || !headers.has("next-action")) return null;
  const declared = headers.get("content-length");
  if (declared === null) {
    return plain(411, "A form must say its length (Content-Length); send it without chunked transfer encoding.");
  }
  if (!(Number(declared) > ACTION_BODY_LIMIT_BYTES)) return null;
  return plain(413, `The form is larger than ${ACTION_BODY_LIMIT_BYTES / 1024 / 1024} MB, the most one form may send. Shorten what you entered and try again.`);
}
