/**
 * The console over HTTP as the browser drives it: the sign-in and confirm server actions (their ids
 * from the build's manifest, their arguments encoded by React's own encodeReply, as the client
 * router sends them), the upload route (multipart, as the dropzone's XHR), and the status route the
 * import page polls.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const { encodeReply } = require("next/dist/compiled/react-server-dom-webpack/client.node") as { encodeReply: (value: unknown) => Promise<string | FormData> };

type Manifest = { node: Record<string, { filename: string; exportedName: string }> };

/** The id of a server action in this build (ids change with every build). */
export function actionId(filename: string, exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8")) as Manifest;
  const found = Object.entries(manifest.node).find(([, a]) => a.filename === filename && a.exportedName === exportedName);
  if (!found) throw new Error(`server action ${exportedName} of ${filename} is not in .next's manifest: build again`);
  return found[0];
}

export type ImportStatus = { status: string; processedRows: number; totalRows: number; createdCount: number; failedCount: number; skippedCount: number };

export function consoleClient(base: string) {
  let cookie = "";
  // Same-origin headers as the browser sends them on a POST from our own page.
  const browser = () => ({ origin: base, "sec-fetch-site": "same-origin", ...(cookie ? { cookie } : {}) });

  async function callAction(page: string, id: string, args: unknown[]) {
    const body = await encodeReply(args);
    const headers: Record<string, string> = { ...browser(), accept: "text/x-component", "next-action": id };
    if (typeof body === "string") headers["content-type"] = "text/plain;charset=UTF-8";
    return fetch(`${base}${page}`, { method: "POST", headers, body, redirect: "manual" });
  }

  /** The value an action returned: the RSC payload's row that holds it (row 0 is the envelope). */
  async function actionResult<T>(response: Response): Promise<T> {
    const text = await response.text();
    const line = text.split("\n").find((l) => /^1:\{/.test(l));
    if (!response.ok || !line) throw new Error(`server action answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(line.slice(2)) as T;
  }

  return {
    async signIn(email: string, password: string) {
      const form = new FormData();
      form.append("next", "");
      form.append("email", email);
      form.append("password", password);
      const response = await callAction("/sign-in", actionId("app/(auth)/sign-in/actions.ts", "signIn"), [null, form]);
      const session = response.headers.getSetCookie().find((c) => /dic_session=[^;]+/.test(c));
      if (!session) throw new Error(`sign-in set no session cookie (${response.status}): ${(await response.text()).slice(0, 300)}`);
      cookie = session.split(";")[0]!;
      await response.arrayBuffer();
    },

    /** The dropzone's POST: answers once the file is read, checked and staged. */
    async upload(org: string, productKey: string, file: { name: string; bytes: Uint8Array }) {
      const form = new FormData();
      form.append("productKey", productKey);
      form.append("encoding", "auto");
      form.append("file", new Blob([file.bytes as BlobPart]), file.name);
      const response = await fetch(`${base}/o/${org}/imports/upload`, { method: "POST", headers: browser(), body: form });
      const body = (await response.json()) as { importId?: string; summary?: { total: number; valid: number; invalid: number }; error?: { message: string } };
      if (response.status !== 201 || !body.importId) throw new Error(`upload answered ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
      return { importId: body.importId, summary: body.summary! };
    },

    /** The confirm panel's "Import N valid rows": queues the job. */
    async confirm(org: string, importId: string) {
      const response = await callAction(`/o/${org}/imports/${importId}`, actionId("app/(console)/o/[org]/imports/[id]/actions.ts", "confirmImport"), [org, importId, { allOrNothing: false }]);
      const result = await actionResult<{ ok: boolean; data?: { started: boolean }; error?: string }>(response);
      if (!result.ok) throw new Error(`confirm refused: ${result.error}`);
      return result.data!;
    },

    async status(org: string, importId: string): Promise<ImportStatus> {
      const response = await fetch(`${base}/o/${org}/imports/${importId}/status`, { headers: cookie ? { cookie } : {} });
      if (!response.ok) throw new Error(`status answered ${response.status}`);
      return (await response.json()) as ImportStatus;
    },
  };
}
