import Link from "next/link";

export default function NotFound() {
  return (
    <main className="main status-page">
      <div className="code">404</div>
      <h1>Not found</h1>
      <p>This page does not exist, or it belongs to an organization you are not a member of.</p>
      <Link className="button" href="/">
        Back to your organizations
      </Link>
    </main>
  );
}
