import { getDatabase } from "@/db/runtime";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { readEnv } from "@/lib/env";
import { startJobs, type Jobs } from "./runtime";

// One queue per process, also when Next loads instrumentation again (dev reloads).
const globalState = globalThis as typeof globalThis & { __importJobs?: Promise<Jobs> };

/**
 * The web process's queue: confirms and API calls enqueue through it, and (unless
 * IN_PROCESS_WORKER=off, when workers run apart) it runs commit jobs too, so `npm run dev` and
 * `npm start` stay the whole setup.
 */
export function startProcessJobs({ secrets, worker, label }: { secrets: SecretBox; worker?: boolean; label: string }): Promise<Jobs> {
  globalState.__importJobs ??= (async () => {
    const env = readEnv();
    const database = await getDatabase();
    return startJobs({ database, secrets, env, worker: worker ?? env.IN_PROCESS_WORKER === "on", label });
  })();
  return globalState.__importJobs;
}
