import { getSecretBox } from "@/app/_lib/secrets";
import { getDb } from "@/db/runtime";
import { handleCsvImport } from "@/lib/api/device-csv";

export async function POST(request: Request) {
  return handleCsvImport(await getDb(), request, getSecretBox());
}
