import chardet from "chardet";
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

export type Decoded = { text: string; encoding: TextEncoding; sure: boolean; confidence?: number };

const decode = (bytes: Uint8Array, encoding: TextEncoding, fatal = false) => new TextDecoder(encoding, { fatal, ignoreBOM: false }).decode(bytes);

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
 * Bytes to text: a byte-order mark decides, then valid UTF-8, then UTF-16 by its NUL lanes, then
 * chardet's ranking of the legacy encodings, each tried strictly. `sure` is false when the choice
 * was a guess the user should look at. An encoding the user picked is used as is.
 */
export function decodeText(bytes: Uint8Array, chosen?: TextEncoding): Decoded {
  if (chosen) return { text: decode(bytes, chosen), encoding: chosen, sure: true };
  const bom = byteOrderMark(bytes);
  if (bom) return { text: decode(bytes, bom), encoding: bom, sure: true };
  try {
    return { text: decode(bytes, "utf-8", true), encoding: "utf-8", sure: true };
  } catch {
    // not UTF-8: look further
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: decode(bytes, utf16), encoding: utf16, sure: true };
  for (const match of chardet.analyse(bytes)) {
    const encoding = fromChardet[match.name];
    if (!encoding || encoding === "utf-8") continue;
    try {
      return { text: decode(bytes, encoding, true), encoding, sure: match.confidence >= SURE, confidence: match.confidence };
    } catch {
      // chardet's pick has bytes this decoder refuses: try the next one
    }
  }
  // Windows-1252 decodes any byte; nothing better was found, so say it was a guess.
  return { text: decode(bytes, "windows-1252"), encoding: "windows-1252", sure: false, confidence: 0 };
}
