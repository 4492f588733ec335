import type { DbOrTx } from "@/db/client";
import { expireStagedImports } from "./discard";

const HOUR = 3_600_000;

/**
 * Discards staged imports past their 7 days now and every hour after (the timer does not keep the
 * process alive). Every app server may run it: the discard only touches imports still staged.
 */
export function scheduleStagedExpiry(db: DbOrTx) {
  const run = () =>
    expireStagedImports({ db })
      .then((ids) => ids.length > 0 && console.log(`▲ Discarded ${ids.length} staged import(s) not confirmed within 7 days`))
      .catch((error: unknown) => console.error("Expiring staged imports failed:", error));
  void run();
  setInterval(run, HOUR).unref();
}
