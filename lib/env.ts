import path from "node:path";
import { z } from "zod";

/** Hide a password before a URL is printed. */
export function redactUrl(value: string): string {
  return value.replace(/(\/\/[^:/@]+):[^@]*@/, "$1:***@");
}

const databaseUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
    } catch {
      return false;
    }
  });

const envSchema = z.object({
  /** Unset: embedded PGlite under DATA_DIR. Set: PostgreSQL through `pg`. */
  DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), databaseUrl.optional()),
  DATA_DIR: z.string().default("data"),
  /** base64 of 32 bytes; encrypts device secrets. Unset: a key file is kept in DATA_DIR. */
  SECRET_KEY: z.preprocess((v) => (v === "" ? undefined : v), z.string().refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded (openssl rand -base64 32)").optional()),
  /** Demo organizations and users: on by default for the embedded database only. */
  DEMO_DATA: z.enum(["on", "off"]).optional(),
  /**
   * Public host names (comma-separated, e.g. "devices.example.com") that a reverse proxy in front
   * of the app forwards as X-Forwarded-Host. Unset: forwarded headers are never trusted.
   */
  TRUSTED_PROXY_HOSTS: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean)),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Reading and checking one upload runs in a worker thread with this budget; past it the file is refused. */
  READ_TIME_LIMIT_MS: z.coerce.number().int().min(100).default(20_000),
  READ_MEMORY_LIMIT_MB: z.coerce.number().int().min(32).default(512),
  /** Uploads read at once per process; more wait their turn. */
  READ_WORKERS: z.coerce.number().int().min(1).max(64).default(2),
  /**
   * Import jobs (pg-boss): a job still active this long after it started is taken as cut off (its
   * worker died) and run again by any worker; it must exceed the longest commit (100,000 rows: ~30 s).
   */
  JOB_EXPIRE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** How often each process's pg-boss looks for expired jobs (its maintenance). */
  JOB_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** How often an idle worker asks for the next job. */
  JOB_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  /** `npm run dev` / `npm start` run one worker in the web process; off when workers run apart (`npm run worker`). */
  IN_PROCESS_WORKER: z.enum(["on", "off"]).default("on"),
});

export type Env = z.infer<typeof envSchema> & { pgliteDir: string };

export class EnvError extends Error {}

/** The only reader of process.env. Throws a one-line EnvError naming the variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    const raw = source[name];
    const shown = raw === undefined ? "" : ` (got "${name === "DATABASE_URL" ? redactUrl(raw) : raw}")`;
    const hint =
      name === "DATABASE_URL"
        ? "must be a postgres://user@host:port/database URL, or unset to use the embedded database"
        : (issue?.message ?? "is invalid");
    throw new EnvError(`${name} ${hint}${shown}`);
  }
  return { ...parsed.data, pgliteDir: path.resolve(parsed.data.DATA_DIR, "pglite") };
}
