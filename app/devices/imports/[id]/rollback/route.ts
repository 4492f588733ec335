import { methodNotAllowed } from "@/app/_lib/method-not-allowed";
import { getDb } from "@/db/runtime";
import { handleImportRollback } from "@/lib/api/import-rollback";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleImportRollback(await getDb(), request, (await params).id);
}

export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
