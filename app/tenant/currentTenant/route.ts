import { methodNotAllowed } from "@/app/_lib/method-not-allowed";
import { getDb } from "@/db/runtime";
import { handleCurrentTenant } from "@/lib/api/c8y";

export async function GET(request: Request) {
  return handleCurrentTenant(await getDb(), request);
}

export const POST = methodNotAllowed("GET");
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
