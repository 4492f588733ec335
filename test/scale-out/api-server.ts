/**
 * One "app server" of the scale-out test: the device CSV API's real handler over node:http, with
 * the process's own pg-boss queue and no worker (IN_PROCESS_WORKER=off), as an app server in front
 * of separate workers runs. Started by scale-out.test.ts as `node --import tsx`.
 */
import http from "node:http";
import { getSecretBox } from "@/app/_lib/secrets";
import { getDb, startDatabaseOrExit } from "@/db/runtime";
import { handleCsvImport } from "@/lib/api/device-csv";
import { startProcessJobs } from "@/lib/jobs/process-jobs";

async function main() {
  await startDatabaseOrExit();
  await startProcessJobs({ secrets: getSecretBox(), worker: false, label: `api-${process.pid}` });
  const db = await getDb();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = new Request(`http://localhost${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: chunks.length ? Buffer.concat(chunks) : undefined });
    const response = req.url === "/devices/csv" ? await handleCsvImport(db, request, getSecretBox()) : new Response("Not found", { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  server.listen(Number(process.env.PORT), () => console.log(`ready on ${process.env.PORT}`));
}

void main();
