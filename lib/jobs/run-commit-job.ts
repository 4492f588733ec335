import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organizations } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { busyMessage, commitImport, type RunningImport } from "@/lib/imports/commit";
import type { CommitJob } from "./commit-queue";

/** Another import of the organization is writing: the job fails this attempt and the queue retries it. */
export class OrganizationBusyError extends Error {
  constructor(readonly busy: RunningImport) {
    super(busyMessage(busy));
  }
}

/**
 * What a worker does with one commit job. `resume` is set when the queue runs the job again after
 * its expiry (the worker that had it died): the import it left half-written is taken over, and only
 * its rows still pending are written.
 */
export async function runCommitJob({ db, secrets, job, resume }: { db: Db; secrets: SecretBox; job: CommitJob; resume: boolean }): Promise<{ started: boolean }> {
  const [organization] = await db.select().from(organizations).where(eq(organizations.id, job.organizationId));
  if (!organization) return { started: false };
  const run = await commitImport({ db, importId: job.importId, organization, isPlatformAdmin: job.isPlatformAdmin, secrets, resume });
  // On the queue only when a job of another import outlived its expiry and still writes.
  if (run.busy) throw new OrganizationBusyError(run.busy);
  return run;
}
