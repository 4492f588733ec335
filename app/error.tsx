"use client";

/**
 * What a page shows when something fails. Errors from the server arrive without their text in
 * production (Next.js keeps it in the server log under the digest), so the digest is the reference.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="main status-page">
      <div className="code">Error</div>
      <h1>Something went wrong</h1>
      <p>{error.digest ? `The server could not finish this request. Quote reference ${error.digest} when you report it.` : error.message}</p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </main>
  );
}
