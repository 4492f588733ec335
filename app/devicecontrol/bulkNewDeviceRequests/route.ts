import { getSecretBox } from "@/app/_lib/secrets";
import { getDb } from "@/db/runtime";
import { handleBulkNewDeviceRequests } from "@/lib/api/c8y";

export async function POST(request: Request) {
  return handleBulkNewDeviceRequests(await getDb(), request, getSecretBox());
}
