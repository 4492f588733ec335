import { refuse, type FileRefusal } from "../refusal";
import { utf16WithoutBom } from "./encoding";

export type SniffedFormat = { kind: "zip" } | { kind: "text" } | { kind: "refused"; refusal: FileRefusal };

const startsWith = (bytes: Uint8Array, ...signature: number[]) => signature.every((b, i) => bytes[i] === b);
const ascii = (bytes: Uint8Array, text: string, at = 0) => [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/** UTF-16LE "EncryptedPackage": the stream an encrypted .xlsx carries inside its OLE container. */
const ENCRYPTED_PACKAGE = new Uint8Array([..."EncryptedPackage"].flatMap((c) => [c.charCodeAt(0), 0]));

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Binary data is full of control bytes; a text file may carry some NULs from a broken export,
 * which are then errors on their lines, not a refused file.
 */
function isBinary(sample: Uint8Array): boolean {
  let controls = 0;
  for (const b of sample) if (b < 0x09 || (b > 0x0d && b < 0x20)) controls++;
  return controls * 10 > sample.length;
}

const notSpreadsheet = (what: string) =>
  refuse("NOT_A_SPREADSHEET", `This is ${what}, not an .xlsx template or a CSV file.`);

/** The real format, from the bytes: a file's name and its declared type are not trusted. */
export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (bytes.length === 0) return { kind: "refused", refusal: refuse("EMPTY_FILE", "The file is empty.") };
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) || startsWith(bytes, 0x50, 0x4b, 0x05, 0x06)) return { kind: "zip" };
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    return {
      kind: "refused",
      refusal: contains(bytes, ENCRYPTED_PACKAGE)
        ? refuse("ENCRYPTED_WORKBOOK", "This workbook is password-protected. Remove the password in Excel (File > Info > Protect Workbook) and upload it again.")
        : refuse("LEGACY_XLS", "This is an Excel 97-2003 (.xls) workbook. Save it as an Excel Workbook (.xlsx) and upload it again."),
    };
  }
  const known: [boolean, string][] = [
    [ascii(bytes, "%PDF"), "a PDF"],
    [startsWith(bytes, 0x89, 0x50, 0x4e, 0x47), "a PNG image"],
    [startsWith(bytes, 0xff, 0xd8, 0xff), "a JPEG image"],
    [ascii(bytes, "GIF8"), "a GIF image"],
    [startsWith(bytes, 0x1f, 0x8b), "a gzip archive"],
    [ascii(bytes, "Rar!"), "a RAR archive"],
    [startsWith(bytes, 0x37, 0x7a, 0xbc, 0xaf), "a 7-Zip archive"],
    [ascii(bytes, "MZ"), "a Windows program"],
    [startsWith(bytes, 0x7f, 0x45, 0x4c, 0x46), "a program (ELF)"],
    [ascii(bytes, "{\\rtf"), "an RTF document"],
  ];
  for (const [matches, what] of known) if (matches) return { kind: "refused", refusal: notSpreadsheet(what) };

  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 512)).replace(/^\uFEFF|^ï»¿/, "").trimStart().toLowerCase();
  if (head.startsWith("<?xml") || head.startsWith("<html") || head.startsWith("<!doctype")) {
    return { kind: "refused", refusal: notSpreadsheet(head.startsWith("<?xml") ? "an XML document" : "an HTML page") };
  }
  // UTF-16 text has a NUL in every other byte; the decoder recognises it by its mark or its NUL lanes.
  const utf16 = startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff) || utf16WithoutBom(bytes) !== null;
  if (!utf16 && isBinary(bytes.subarray(0, 8192))) return { kind: "refused", refusal: notSpreadsheet("a binary file") };
  // A stray NUL in text is an error on its line (see the control-character check), not a refused file.
  return { kind: "text" };
}
