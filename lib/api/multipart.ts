/**
 * multipart/form-data from bytes, tolerant of what seed 002's own example request does: a part
 * without `filename=`, a part Content-Type such as `plain/text`, bare LF line breaks, and a final
 * boundary written without its closing `--`. Busboy (and the platform's Request.formData) refuse
 * the last two, so this small parser stays strict where it matters (a boundary is required, every
 * part has a Content-Disposition with a name, headers end with a blank line) and lenient only there.
 */
export type MultipartPart = { name: string; filename: string | null; contentType: string | null; body: Uint8Array };

export type MultipartResult = { ok: true; parts: MultipartPart[] } | { ok: false; message: string };

const MAX_PARTS = 32;

/** The boundary parameter of a multipart content type (quoted or bare), or null. */
export function multipartBoundary(contentType: string): string | null {
  if (!/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const match = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2]!) : null;
}

const isSpace = (b: number | undefined) => b === 0x20 || b === 0x09;

/** Where `needle` starts in `hay` at or after `from`, or -1. */
function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (let i = hay.indexOf(first!, from); i !== -1 && i <= hay.length - needle.length; i = hay.indexOf(first!, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** A delimiter line: `--boundary` at the start of the body or right after a line break. */
function findDelimiter(body: Uint8Array, dash: Uint8Array, from: number): { start: number; end: number } | null {
  for (let at = indexOf(body, dash, from); at !== -1; at = indexOf(body, dash, at + 1)) {
    const after = body[at + dash.length];
    if (!(after === undefined || after === 0x2d || after === 0x0d || after === 0x0a || isSpace(after))) continue;
    if (at === 0) return { start: 0, end: dash.length };
    if (body[at - 1] === 0x0a) return { start: at - 1 - (body[at - 2] === 0x0d ? 1 : 0), end: at + dash.length };
  }
  return null;
}

/** Skips spaces and one line break; returns the next index. */
function skipLineEnd(body: Uint8Array, at: number): number {
  let i = at;
  while (isSpace(body[i])) i++;
  if (body[i] === 0x0d && body[i + 1] === 0x0a) return i + 2;
  if (body[i] === 0x0a) return i + 1;
  return i;
}

const headerValue = (headers: Map<string, string>, name: string) => headers.get(name) ?? null;

function dispositionParam(disposition: string, param: string): string | null {
  const match = new RegExp(`;\\s*${param}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, "i").exec(disposition);
  return match ? (match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2]!) : null;
}

export function parseMultipart(body: Uint8Array, contentType: string): MultipartResult {
  const boundary = multipartBoundary(contentType);
  if (!boundary) return { ok: false, message: "The Content-Type is not multipart/form-data with a boundary." };
  const dash = new TextEncoder().encode(`--${boundary}`);
  const decoder = new TextDecoder();
  let delimiter = findDelimiter(body, dash, 0);
  if (!delimiter) return { ok: false, message: `The body has no "--${boundary}" boundary.` };
  const parts: MultipartPart[] = [];
  for (;;) {
    let at = delimiter.end;
    // "--" closes the body; so does the end of the body, or only whitespace after a boundary (seed 002).
    if (body[at] === 0x2d && body[at + 1] === 0x2d) break;
    at = skipLineEnd(body, at);
    if (body.subarray(at).every((b) => b === 0x0d || b === 0x0a || isSpace(b))) break;
    const headers = new Map<string, string>();
    for (;;) {
      const lf = body.indexOf(0x0a, at);
      if (lf === -1) return { ok: false, message: "A part's headers are not followed by a blank line." };
      const line = decoder.decode(body.subarray(at, body[lf - 1] === 0x0d ? lf - 1 : lf));
      at = lf + 1;
      if (line === "") break;
      const colon = line.indexOf(":");
      if (colon <= 0) return { ok: false, message: `A part has a malformed header line: "${line.slice(0, 60)}".` };
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headerValue(headers, "content-disposition");
    const name = disposition && /^\s*form-data\b/i.test(disposition) ? dispositionParam(disposition, "name") : null;
    if (name === null) return { ok: false, message: 'A part has no Content-Disposition: form-data; name="…".' };
    const next = findDelimiter(body, dash, at);
    if (!next) return { ok: false, message: `The part "${name}" is not followed by a "--${boundary}" boundary.` };
    parts.push({ name, filename: dispositionParam(disposition!, "filename"), contentType: headerValue(headers, "content-type"), body: body.subarray(at, Math.max(at, next.start)) });
    if (parts.length > MAX_PARTS) return { ok: false, message: `The request has more than ${MAX_PARTS} parts.` };
    delimiter = next;
  }
  return { ok: true, parts };
}
