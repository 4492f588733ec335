import { getSecretBox } from "@/app/_lib/secrets";
import { getDb } from "@/db/runtime";
import { handleBatchCreate } from "@/lib/api/enos";

export async function POST(request: Request) {
  return handleBatchCreate(await getDb(), request, getSecretBox());
}
