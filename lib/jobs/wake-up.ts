import pg from "pg";
import type { Database } from "@/db/client";

/** The PostgreSQL channel on which a process that sent a commit job tells the workers its queue. */
const CHANNEL = "import_jobs";
const RECONNECT_MS = 2000;

/**
 * After a job is sent: every worker process LISTENing hears its queue at once, rather than at its
 * next poll (JOB_POLL_SECONDS) or, for an organization's first import, its next look for new
 * queues. pg-boss 10 has no notifications of its own. PGlite belongs to one process: nothing to tell.
 */
export async function announceJob(database: Database, queue: string) {
  if (database.driver.kind !== "postgres") return;
  await database.driver.pool.query("SELECT pg_notify($1, $2)", [CHANNEL, queue]);
}

/**
 * A worker's own connection LISTENing for sent jobs (PostgreSQL only), calling `onJob` with each
 * one's queue; it connects again after an error. A missed announcement costs only the wait for
 * the next poll.
 */
export function listenForJobs(database: Database, onJob: (queue: string) => void, label: string): { stop: () => Promise<void> } {
  if (database.driver.kind !== "postgres") return { stop: async () => {} };
  const options = database.driver.pool.options;
  let client: pg.Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const connect = async () => {
    const next = new pg.Client(options);
    const retry = (error?: unknown) => {
      if (stopped || client !== next) return;
      if (error) console.warn(`worker ${label}: job announcements lost (${error instanceof Error ? error.message : String(error)}); listening again shortly`);
      client = null;
      void next.end().catch(() => {});
      timer = setTimeout(() => void connect(), RECONNECT_MS);
    };
    client = next;
    next.on("error", retry);
    next.on("end", () => retry(new Error("connection ended")));
    next.on("notification", (message) => message.channel === CHANNEL && message.payload && onJob(message.payload));
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      retry(error);
    }
  };
  void connect();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
