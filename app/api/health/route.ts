import { getDatabaseStatus } from "@/db/runtime";

export const dynamic = "force-dynamic";

/** 200 with the database kind once migrations have run; 503 before (or when start failed). */
export function GET() {
  const { status, kind } = getDatabaseStatus();
  const body = { status, database: kind ?? null };
  return Response.json(body, { status: status === "ready" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
