import chardet from "chardet";
import iconv from "iconv-lite";
import type { TextEncoding } from "./encodings";

export { encodingNames, isTextEncoding, textEncodings, type TextEncoding } from "./encodings";

/** chardet's names for the encodings we decode; its Latin-1 family reads best as Windows-1252, a superset. */
const fromChardet: Record<string, TextEncoding> = {
  "UTF-8": "utf-8",
  "UTF-16LE": "utf-16le",
  "UTF-16BE": "utf-16be",
  GB18030: "gb18030",
  Big5: "big5",
  Shift_JIS: "shift_jis",
  "EUC-KR": "euc-kr",
  "ISO-8859-1": "windows-1252",
  "windows-1252": "windows-1252",
  "ISO-8859-15": "windows-1252",
};

/** Below this chardet confidence (0–100) the preview says the encoding was guessed. */
const SURE = 50;
/**
 * Big5 and Shift_JIS put plain letters in the second byte, so their text can look Western to the
 * test below: a Windows-1252 reading needs more of chardet's confidence to go without a warning.
 */
const SURE_WESTERN = 70;

export type Decoded = { text: string; encoding: TextEncoding; sure: boolean; confidence?: number };

const multiByte: TextEncoding[] = ["gb18030", "shift_jis", "euc-kr", "big5"];

/**
 * Node's TextDecoder reads "windows-1252" as Latin-1 (nodejs/node#56542: € ’ – become C1 controls),
 * so that one goes through iconv-lite's table; the others through TextDecoder.
 */
function decode(bytes: Uint8Array, encoding: TextEncoding, fatal = false): string {
  if (encoding === "windows-1252") return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "windows-1252");
  return new TextDecoder(encoding, { fatal, ignoreBOM: false }).decode(bytes);
}

function byteOrderMark(bytes: Uint8Array): TextEncoding | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

/**
 * UTF-16 without a byte-order mark: text in the Latin range has a NUL in every other byte.
 * Counted over the first 4 KB; binary files have NULs too, but not in one lane only.
 */
export function utf16WithoutBom(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 16) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return "utf-16le";
  if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return "utf-16be";
  return null;
}

/**
 * UTF-8 with a few broken bytes (one cell typed in another program): its valid multi-byte
 * sequences outnumber the broken ones. Read as UTF-8, the broken bytes show as U+FFFD, which is an
 * error on their line; read as anything else, every other line would be garbled.
 */
function mostlyUtf8(text: string): boolean {
  let broken = 0;
  let multi = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) broken++;
    else if (c >= 0x80) multi++;
  }
  return broken > 0 && multi >= broken * 2;
}

/**
 * Western text has accented letters one at a time between plain ones ("Müller"); CJK text read
 * as Windows-1252 is all runs of them ("²âÊÔ"). The share of non-ASCII characters that stand next
 * to another tells the two apart where a short file gives chardet too little to go on.
 */
function looksMultiByte(latin: string): boolean {
  let high = 0;
  let paired = 0;
  for (let i = 0; i < latin.length; i++) {
    if (latin.charCodeAt(i) < 0x80) continue;
    high++;
    if ((latin.charCodeAt(i - 1) || 0) >= 0x80 || (latin.charCodeAt(i + 1) || 0) >= 0x80) paired++;
  }
  return high > 0 && paired >= high * 0.6;
}

const strictly = (bytes: Uint8Array, encoding: TextEncoding): string | null => {
  try {
    return decode(bytes, encoding, true);
  } catch {
    return null;
  }
};

/**
 * Bytes to text: a byte-order mark decides, then UTF-8 (also with a few broken bytes, which become
 * line errors), then UTF-16 by its NUL lanes, then the legacy encodings: Windows-1252 for Western
 * text, else the multi-byte encoding chardet ranks first among those that decode the bytes without
 * error. `sure` is false when the choice was a guess the user should look at. An encoding the user
 * picked is used as is (bytes it cannot decode become U+FFFD, an error on their line).
 */
export function decodeText(bytes: Uint8Array, chosen?: TextEncoding): Decoded {
  if (chosen) return { text: decode(bytes, chosen), encoding: chosen, sure: true };
  const bom = byteOrderMark(bytes);
  if (bom) return { text: decode(bytes, bom), encoding: bom, sure: true };
  const utf8 = decode(bytes, "utf-8");
  if (!utf8.includes("\uFFFD") || mostlyUtf8(utf8)) return { text: utf8, encoding: "utf-8", sure: true };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: decode(bytes, utf16), encoding: utf16, sure: true };
  const ranked = chardet.analyse(bytes).flatMap((m) => {
    const encoding = fromChardet[m.name];
    return encoding && encoding !== "utf-8" ? [{ encoding, confidence: m.confidence }] : [];
  });
  const latin = decode(bytes, "windows-1252");
  if (!looksMultiByte(latin)) {
    const confidence = ranked.find((r) => r.encoding === "windows-1252")?.confidence ?? 0;
    return { text: latin, encoding: "windows-1252", sure: confidence >= SURE_WESTERN, confidence };
  }
  // chardet needs a few lines to be sure; below that GB18030 (a Chinese-locale Excel's CSV) comes
  // first, and the guess is flagged for the user to check.
  const sure = ranked.filter((r) => multiByte.includes(r.encoding) && r.confidence >= SURE);
  const candidates = [...sure, ...multiByte.map((encoding) => ({ encoding, confidence: 0 }))];
  for (const { encoding, confidence } of candidates) {
    const text = strictly(bytes, encoding);
    if (text !== null) return { text, encoding, sure: confidence >= SURE, confidence };
  }
  return { text: latin, encoding: "windows-1252", sure: false, confidence: 0 };
}
