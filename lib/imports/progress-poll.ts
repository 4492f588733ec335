/**
 * When the import page asks for the import's state again, by how long it has been watching: most
 * console imports (a thousand rows) finish within a second of the confirm, so the first second is
 * polled closely; a long import is polled every 700 ms, as a progress bar needs no more.
 */
export function nextPollMs(watchingMs: number): number {
  if (watchingMs < 1500) return 100;
  if (watchingMs < 5000) return 300;
  return 700;
}

/** A running import renders its page again (the header's badge) only once it runs this long: a short one goes straight to its result. */
export const RENDER_RUNNING_AFTER_MS = 1500;

/**
 * Whether the page is rendered again for the polled status: when the import settled, or when it
 * went from queued to importing and is still importing after RENDER_RUNNING_AFTER_MS.
 */
export function shouldRender({ rendered, polled, watchingMs }: { rendered: string; polled: string; watchingMs: number }): boolean {
  if (polled === rendered) return false;
  if (polled === "queued" || polled === "importing") return polled === "importing" && watchingMs >= RENDER_RUNNING_AFTER_MS;
  return true;
}
