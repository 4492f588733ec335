import { methodNotAllowed } from "@/app/_lib/method-not-allowed";
import { getDb } from "@/db/runtime";
import { handleCsvValidate } from "@/lib/api/device-csv";

export async function POST(request: Request) {
  return handleCsvValidate(await getDb(), request);
}

export const GET = methodNotAllowed("POST");
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
