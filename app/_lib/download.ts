import { safeFileName } from "@/lib/http/safe-file-name";

/** A file download response; the name is reduced to a safe one, ASCII-safe and also given in RFC 5987 form. */
export function download(body: BodyInit, fileName: string, type: string) {
  const safe = safeFileName(fileName, "download");
  const ascii = safe.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_");
  return new Response(body, {
    headers: {
      "content-type": type,
      "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(safe)}`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
