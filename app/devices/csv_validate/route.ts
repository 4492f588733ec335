import { getDb } from "@/db/runtime";
import { handleCsvValidate } from "@/lib/api/device-csv";

export async function POST(request: Request) {
  return handleCsvValidate(await getDb(), request);
}
