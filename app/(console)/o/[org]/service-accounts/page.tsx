import type { Metadata } from "next";
import { requireOrganization } from "@/app/_lib/session";
import { getDb } from "@/db/runtime";
import { roleLabels } from "@/lib/auth/roles";
import { formatDateTime } from "@/lib/format";
import { listServiceAccounts } from "@/lib/service-accounts/service";
import { revokeAccount } from "./actions";
import { CreateAccountForm } from "./create-account-form";

export const metadata: Metadata = { title: "Service accounts" };

export default async function ServiceAccountsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { organization } = await requireOrganization(org, "admin");
  const accounts = await listServiceAccounts({ db: await getDb(), organizationId: organization.id });
  return (
    <div className="stack">
      <div className="page-header">
        <div>
          <h1>Service accounts</h1>
          <p>
            Scripts and factories call the batch APIs of {organization.name} with these keys, sent as <code>Authorization: Bearer &lt;key&gt;</code>. The API reference is at{" "}
            <a href="/api/openapi.json">/api/openapi.json</a>.
          </p>
        </div>
      </div>
      <section className="card card-body" aria-labelledby="new-account">
        <h2 id="new-account">New service account</h2>
        <CreateAccountForm slug={organization.slug} />
      </section>
      <div className="card table-wrap">
        {accounts.length === 0 ? (
          <p className="empty">No service account yet.</p>
        ) : (
          <table className="table" aria-label="Service accounts">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Role</th>
                <th>RSA key</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Expires</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id}>
                  <td>{a.name}</td>
                  <td>
                    <code>{a.keyPrefix}_…</code>
                  </td>
                  <td>{roleLabels[a.role]}</td>
                  <td>{a.hasPublicKey ? "Yes" : <span className="none">No</span>}</td>
                  <td>{formatDateTime(a.createdAt)}</td>
                  <td>{a.lastUsedAt ? formatDateTime(a.lastUsedAt) : <span className="none">Never</span>}</td>
                  <td>{a.expiresAt ? formatDateTime(a.expiresAt) : <span className="none">Never</span>}</td>
                  <td>
                    {a.revokedAt ? (
                      <span className="badge failed">Revoked</span>
                    ) : a.expired ? (
                      <span className="badge failed">Expired</span>
                    ) : (
                      <span className="badge online">Active</span>
                    )}
                  </td>
                  <td>
                    {!a.revokedAt && (
                      <form action={async (formData: FormData) => {
                        "use server";
                        await revokeAccount(organization.slug, null, formData);
                      }}>
                        <input type="hidden" name="id" value={a.id} />
                        <button className="button small" aria-label={`Revoke ${a.name}`}>
                          Revoke
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
