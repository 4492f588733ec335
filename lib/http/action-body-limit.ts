/** What one server action (a form post) may carry; next.config.ts sets the same for Next.js itself. */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * A server action post over the limit, answered before Next.js reads it: Next.js would answer 500.
 * Plain-text 4xx is what the Next.js client turns into an error carrying this very message.
 */
export function actionBodyTooLarge(headers: Headers, method: string): Response | null {
  if (method !== "POST" || !headers.has("next-action")) return null;
  const length = Number(headers.get("content-length") ?? 0);
  if (!(length > ACTION_BODY_LIMIT_BYTES)) return null;
  return new Response(`The form is larger than ${ACTION_BODY_LIMIT_BYTES / 1024 / 1024} MB, the most one form may send. Shorten what you entered and try again.`, {
    status: 413,
    headers: { "content-type": "text/plain" },
  });
}
