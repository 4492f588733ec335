import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/app/_lib/session";
import { hasDemoData } from "@/db/runtime";
import { DEMO_PASSWORD, demoUsers } from "@/db/demo-data";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  if (await getCurrentUser()) redirect("/");
  const { next } = await searchParams;
  return (
    <main className="auth">
      <div className="card auth-card">
        <div className="card-body">
          <div className="brand">
            <span className="brand-mark" aria-hidden>
              DI
            </span>
            Device Import Console
          </div>
          <h1>Sign in</h1>
          <p>Provision and manage devices in bulk.</p>
          <SignInForm next={typeof next === "string" ? next : undefined} />
          {(await hasDemoData()) && (
            <p className="demo-hint">
              Demo data is loaded: sign in as <code>{demoUsers[0]!.email}</code> with <code>{DEMO_PASSWORD}</code>.
            </p>
          )}
        </div>
      </div>
    </main>
  );
}
