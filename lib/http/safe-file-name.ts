const MAX_BYTES = 255;

/**
 * A file name as the user may see it again (history, downloads): the last path part only, no
 * control characters (NUL included: PostgreSQL text cannot hold it), no leading dots, at most 255
 * UTF-8 bytes cut at a character boundary and keeping the extension. Empty: `fallback`.
 */
export function safeFileName(name: string | null | undefined, fallback = "upload"): string {
  const base = (name ?? "").split(/[/\\]/).at(-1) ?? "";
  const cleaned = base
    .normalize("NFC")
    // C0, DEL, C1, and the bidi overrides that make "exe.txt" look like "txt.exe".
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/["<>:|?*]/g, "_")
    .trim()
    .replace(/^\.+/, "");
  if (!cleaned) return fallback;
  return truncateUtf8(cleaned, MAX_BYTES);
}

function truncateUtf8(name: string, max: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(name).length <= max) return name;
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : "";
  const room = max - encoder.encode(ext).length;
  let out = "";
  let used = 0;
  for (const ch of name.slice(0, name.length - ext.length)) {
    const size = encoder.encode(ch).length;
    if (used + size > room) break;
    out += ch;
    used += size;
  }
  return out + ext;
}
