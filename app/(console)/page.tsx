import { redirect } from "next/navigation";
import { requireUser } from "@/app/_lib/session";
import { getDb } from "@/db/runtime";
import { listOrganizationsByUser } from "@/lib/organizations/queries";
import { signOut } from "@/app/(auth)/sign-in/actions";

export default async function Home() {
  const user = await requireUser();
  const [first] = await listOrganizationsByUser({ db: await getDb(), userId: user.id });
  if (first) redirect(`/o/${first.slug}`);
  return (
    <main className="main status-page">
      <h1>No organization yet</h1>
      <p>You are signed in as {user.email} but are not a member of any organization. Ask an admin to add you.</p>
      <form action={signOut}>
        <button className="button">Sign out</button>
      </form>
    </main>
  );
}
