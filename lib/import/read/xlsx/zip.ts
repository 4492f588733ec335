import { Inflate } from "fflate";
import { refuse } from "../../refusal";
import type { ZipEntry } from "../zip-guard";
import { corrupt, StopReading, XmlStream, type XmlHandler } from "./xml";

/** Compressed bytes handed to the inflater at a time: a deflate block expands at most ~1,032×, so one step stays under ~8 MB. */
const STEP = 8 * 1024;

/** The zip's parts by name. OPC part names are case-insensitive, so two names differing by case are one damaged file. */
export class ZipParts {
  private readonly byName = new Map<string, ZipEntry>();

  constructor(
    private readonly bytes: Uint8Array,
    entries: ZipEntry[],
  ) {
    for (const entry of entries) {
      const key = entry.name.toLowerCase();
      if (this.byName.has(key)) throw corrupt(`two parts are named ${entry.name}`);
      this.byName.set(key, entry);
    }
  }

  names() {
    return [...this.byName.values()].map((e) => e.name);
  }

  has(name: string) {
    return this.byName.has(name.toLowerCase());
  }

  /**
   * Streams one part's XML to a handler, inflating a few KB at a time with the size the directory
   * declares as a hard cap: a part that expands further is a zip bomb, refused before it is held.
   * The handler may stop early (StopReading with null): the rest is never inflated.
   */
  readXml(name: string, handler: XmlHandler): boolean {
    const entry = this.byName.get(name.toLowerCase());
    if (!entry) return false;
    const data = this.compressedData(entry);
    const xml = new XmlStream(handler);
    let decoder: TextDecoder | null = null;
    let produced = 0;
    const take = (chunk: Uint8Array) => {
      produced += chunk.length;
      if (produced > entry.uncompressedSize) {
        throw new StopReading(refuse("ZIP_BOMB", `The workbook part ${entry.name} expands beyond the size it declares; this looks like a zip bomb.`));
      }
      if (!decoder) {
        // Parts are UTF-8 unless a byte-order mark says UTF-16; bytes that are neither are damage, not text.
        const label = chunk[0] === 0xff && chunk[1] === 0xfe ? "utf-16le" : chunk[0] === 0xfe && chunk[1] === 0xff ? "utf-16be" : "utf-8";
        decoder = new TextDecoder(label, { fatal: true });
      }
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw corrupt(`${entry.name} is not valid text`);
      }
      xml.write(text);
    };
    try {
      if (entry.method === 0) {
        if (entry.compressedSize !== entry.uncompressedSize) throw corrupt(`inconsistent sizes for ${entry.name}`);
        for (let at = 0; at < data.length; at += STEP * 64) take(data.subarray(at, at + STEP * 64));
      } else if (entry.method === 8) {
        const inflate = new Inflate((chunk) => take(chunk));
        if (data.length === 0) throw corrupt(`${entry.name} cannot be decompressed`);
        for (let at = 0; at < data.length; at += STEP) inflate.push(data.subarray(at, at + STEP), at + STEP >= data.length);
      } else throw corrupt(`unsupported compression in ${entry.name}`);
      if (produced !== entry.uncompressedSize) throw corrupt(`${entry.name} is not the size it declares`);
      xml.write(flush(decoder, entry.name));
      xml.end();
    } catch (error) {
      if (error instanceof StopReading) {
        if (error.refusal) throw error;
        return true;
      }
      // fflate's errors carry a numeric code; anything else is ours and must not pass for a damaged file.
      if (typeof (error as { code?: unknown }).code === "number") throw corrupt(`${entry.name} cannot be decompressed`);
      throw error;
    }
    return true;
  }

  private compressedData(entry: ZipEntry): Uint8Array {
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    const at = entry.localHeaderOffset;
    if (at + 30 > this.bytes.length || view.getUint32(at, true) !== 0x04034b50) throw corrupt(`bad header for ${entry.name}`);
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    if (start + entry.compressedSize > this.bytes.length) throw corrupt(`${entry.name} is cut short`);
    return this.bytes.subarray(start, start + entry.compressedSize);
  }
}

function flush(decoder: TextDecoder | null, name: string): string {
  try {
    return decoder ? decoder.decode() : "";
  } catch {
    throw corrupt(`${name} is not valid text`);
  }
}
