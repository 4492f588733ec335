import { formatBytes, type ImportLimits } from "../limits";
import { refuse, type FileRefusal } from "../refusal";

export type ZipEntry = { name: string; method: number; compressedSize: number; uncompressedSize: number; localHeaderOffset: number; encrypted: boolean };

const corrupt = (detail: string) => refuse("CORRUPT_FILE", `The .xlsx file is damaged (${detail}). Open it in Excel, save it again and upload the new file.`);

/** Reads the zip's central directory without inflating anything. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] | FileRefusal {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const minEocd = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= minEocd; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return corrupt("no zip directory");
  const count = view.getUint16(eocd + 10, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) return corrupt("ZIP64 is not supported");
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return corrupt("bad directory entry");
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    entries.push({
      encrypted: (view.getUint16(at + 8, true) & 1) === 1,
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const bomb = (message: string) => refuse("ZIP_BOMB", message);

/**
 * Everything that can be refused about an .xlsx from its zip directory alone: too many parts, too much
 * declared expansion (a zip bomb), macros by part name, encryption, and other Office formats. Nothing
 * is inflated here: the reader inflates only the parts it reads, each capped at the size it declares.
 */
export function guardXlsxZip(bytes: Uint8Array, limits: ImportLimits): ZipEntry[] | FileRefusal {
  const entries = readZipDirectory(bytes);
  if (!Array.isArray(entries)) return entries;
  const names = new Set(entries.map((e) => e.name));

  if (names.has("word/document.xml")) return refuse("NOT_A_SPREADSHEET", "This is a Word document (.docx), not an .xlsx template.");
  if (names.has("ppt/presentation.xml")) return refuse("NOT_A_SPREADSHEET", "This is a PowerPoint presentation (.pptx), not an .xlsx template.");
  if (names.has("mimetype") && names.has("content.xml")) {
    return refuse("NOT_A_SPREADSHEET", "This is an OpenDocument file (.ods). Save it as an Excel Workbook (.xlsx) and upload it again.");
  }
  if (names.has("xl/workbook.bin")) return refuse("NOT_A_SPREADSHEET", "This is a binary workbook (.xlsb). Save it as an Excel Workbook (.xlsx) and upload it again.");
  if ([...names].some((n) => /^xl\/(vbaProject\.bin|macrosheets\/)/i.test(n))) return macroWorkbook();
  if (!names.has("xl/workbook.xml")) return refuse("NOT_A_SPREADSHEET", "This is a zip archive, not an .xlsx workbook.");
  if (entries.some((e) => e.encrypted)) return refuse("ENCRYPTED_WORKBOOK", "This workbook is encrypted. Remove the password and upload it again.");

  if (entries.length > limits.maxZipEntries) {
    return bomb(`The workbook has ${entries.length} internal parts; at most ${limits.maxZipEntries} are allowed. Save it again as a plain .xlsx.`);
  }
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > limits.maxUncompressedBytes) {
    return bomb(`The workbook expands to ${formatBytes(declared)}; at most ${formatBytes(limits.maxUncompressedBytes)} are allowed.`);
  }
  for (const entry of entries) {
    if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize > entry.compressedSize * limits.maxCompressionRatio) {
      return bomb(`The workbook part ${entry.name} expands ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times; this looks like a zip bomb.`);
    }
  }
  return entries;
}

export const macroWorkbook = (contentType?: string) =>
  refuse(
    "MACRO_WORKBOOK",
    `This workbook contains macros (${contentType ? `its content type ${contentType} is macro-enabled` : ".xlsm"}). Save it as an Excel Workbook (.xlsx), without macros, and upload it again.`,
  );
