import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="main status-page">
      <div className="code">403</div>
      <h1>You do not have access to this page</h1>
      <p>Your role in this organization does not allow it. Ask an organization admin for access.</p>
      <Link className="button" href="/">
        Back to your organizations
      </Link>
    </main>
  );
}
