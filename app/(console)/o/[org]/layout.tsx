import Link from "next/link";
import { signOut } from "@/app/(auth)/sign-in/actions";
import { requireOrganization } from "@/app/_lib/session";
import { NavLinks } from "@/components/nav-links";
import { OrgSwitcher } from "@/components/org-switcher";
import { getDb } from "@/db/runtime";
import { hasRole, roleLabels } from "@/lib/auth/roles";
import { listOrganizationsByUser } from "@/lib/organizations/queries";

export default async function OrganizationLayout({ children, params }: { children: React.ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const { user, organization, role } = await requireOrganization(org);
  const organizations = await listOrganizationsByUser({ db: await getDb(), userId: user.id });
  const base = `/o/${organization.slug}`;
  const links = [
    { href: base, label: "Products", exact: true },
    { href: `${base}/imports`, label: "Imports", exact: false },
  ];
  if (hasRole(role, "admin")) {
    links.push({ href: `${base}/service-accounts`, label: "Service accounts", exact: false });
    links.push({ href: `${base}/settings`, label: "Settings", exact: false });
  }
  return (
    <>
      <header className="topbar">
        <Link href={base} className="brand">
          <span className="brand-mark" aria-hidden>
            DI
          </span>
          <span>Device Import</span>
        </Link>
        <OrgSwitcher current={organization.slug} organizations={organizations} />
        <NavLinks links={links} />
        <span className="spacer" />
        <div className="user">
          <span className="badge role plain" title="Your role in this organization">
            {roleLabels[role]}
          </span>
          <span data-testid="current-user">{user.name}</span>
          <form action={signOut}>
            <button className="button small">Sign out</button>
          </form>
        </div>
      </header>
      <main className="main">{children}</main>
    </>
  );
}
