import { methodNotAllowed } from "@/app/_lib/method-not-allowed";
import { getSecretBox } from "@/app/_lib/secrets";
import { getDb } from "@/db/runtime";
import { handleBulkNewDeviceRequests } from "@/lib/api/c8y";

export async function POST(request: Request) {
  return handleBulkNewDeviceRequests(await getDb(), request, getSecretBox());
}

export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
