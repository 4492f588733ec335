"use client";

import { useRouter } from "next/navigation";

type Org = { slug: string; name: string };

/** Switching organization goes to the new organization's products: pages of the old one would 404. */
export function OrgSwitcher({ current, organizations }: { current: string; organizations: Org[] }) {
  const router = useRouter();
  return (
    <select
      className="select"
      aria-label="Organization"
      value={current}
      onChange={(event) => router.push(`/o/${encodeURIComponent(event.target.value)}`)}
    >
      {organizations.map((org) => (
        <option key={org.slug} value={org.slug}>
          {org.name}
        </option>
      ))}
    </select>
  );
}
