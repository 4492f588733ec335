import { formatBytes } from "@/lib/import/limits";
import { ENVELOPE_BYTES } from "./largest-body";

export { ENVELOPE_BYTES };

export type CappedBody = { ok: true; bytes: Uint8Array } | { ok: false; status: 413 | 400; code: "FILE_TOO_LARGE" | "BAD_REQUEST"; message: string };

const tooLarge = (maxBytes: number): CappedBody => ({
  ok: false,
  status: 413,
  code: "FILE_TOO_LARGE",
  message: `The request is larger than ${formatBytes(maxBytes)}, the limit per file. Split it into smaller files.`,
});

/**
 * Reads a request body while counting its bytes, and stops (cancelling the stream) as soon as it
 * passes `maxBytes` + `envelope`: a chunked upload without Content-Length is refused after at most
 * that many bytes were held, never after the whole body was buffered. A declared Content-Length
 * over the cap is refused before the first byte is read.
 */
export async function readCappedBody(request: Request, maxBytes: number, envelope = ENVELOPE_BYTES): Promise<CappedBody> {
  const cap = maxBytes + envelope;
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > cap) return tooLarge(maxBytes);
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > cap) {
        await reader.cancel().catch(() => undefined);
        return tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, status: 400, code: "BAD_REQUEST", message: "The request body could not be read." };
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/** The multipart form of a body already read (and capped): parsed by the platform's own parser. */
export function formDataOf(bytes: Uint8Array, contentType: string): Promise<FormData> {
  return new Response(bytes as BodyInit, { headers: { "content-type": contentType } }).formData();
}
