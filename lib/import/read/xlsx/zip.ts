import { constants, inflateRawSync } from "node:zlib";
import { refuse } from "../../refusal";
import type { ZipEntry } from "../zip-guard";
import { corrupt, StopReading, XmlStream, type XmlHandler } from "./xml";

/** Output handed to the XML reader at a time, so that no text it decodes is large. */
const SLICE = 64 * 1024;
/** The first prefix of compressed bytes inflated; each next one is 4× longer (see readXml). */
const FIRST_PREFIX = 64 * 1024;

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
   * Streams one part's XML to a handler, with the size the directory declares as a hard cap: a part
   * that expands further is a zip bomb, refused before it is held. The handler may stop early
   * (StopReading with null), and then the rest is never inflated.
   *
   * Node's zlib has no synchronous streaming inflater, so the part is inflated by growing prefixes of
   * its compressed bytes (64 KB, then up to 4× more each time, the last one whole and checked to its end):
   * inflate is sequential, so each prefix's output extends the one before and only the new bytes are
   * read. That costs at most a third more inflating than one pass, natively about 3× faster than a
   * JavaScript inflater, and an early stop (the row cap, a long cell) inflates only the first prefixes.
   */
  readXml(name: string, handler: XmlHandler): boolean {
    const entry = this.byName.get(name.toLowerCase());
    if (!entry) return false;
    const data = this.compressedData(entry);
    const xml = new XmlStream(handler);
    let decoder: TextDecoder | null = null;
    const feed = (bytes: Uint8Array) => {
      if (!decoder) {
        // Parts are UTF-8 unless a byte-order mark says UTF-16; bytes that are neither are damage, not text.
        const label = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : "utf-8";
        decoder = new TextDecoder(label, { fatal: true });
      }
      for (let at = 0; at < bytes.length; at += SLICE) {
        let text: string;
        try {
          text = decoder.decode(bytes.subarray(at, at + SLICE), { stream: true });
        } catch {
          throw corrupt(`${entry.name} is not valid text`);
        }
        xml.write(text);
      }
    };
    try {
      if (entry.method === 0) {
        if (entry.compressedSize !== entry.uncompressedSize) throw corrupt(`inconsistent sizes for ${entry.name}`);
        feed(data);
      } else if (entry.method === 8) {
        let done = 0;
        for (const prefix of prefixSizes(data.length)) {
          const whole = prefix >= data.length;
          const out = inflate(entry, whole ? data : data.subarray(0, prefix), whole);
          feed(out.subarray(done));
          done = out.length;
        }
        if (done !== entry.uncompressedSize) throw corrupt(`${entry.name} is not the size it declares`);
      } else throw corrupt(`unsupported compression in ${entry.name}`);
      xml.write(flush(decoder, entry.name));
      xml.end();
    } catch (error) {
      if (error instanceof StopReading) {
        if (error.refusal) throw error;
        return true;
      }
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

/**
 * The prefixes to inflate: 64 KB first, then each at most 4× the one before, counted back from the
 * whole so that the prefixes before it add up to at most a third of it (growing 4× from 64 KB instead,
 * a 9 MB sheet re-inflated 5.3 MB of it; counted back, 3.1 MB).
 */
export function prefixSizes(length: number): number[] {
  const sizes = [length];
  while (sizes[0]! / 4 > FIRST_PREFIX) sizes.unshift(Math.ceil(sizes[0]! / 4));
  if (sizes[0]! > FIRST_PREFIX) sizes.unshift(FIRST_PREFIX);
  return sizes;
}

function flush(decoder: TextDecoder | null, name: string): string {
  try {
    return decoder ? decoder.decode() : "";
  } catch {
    throw corrupt(`${name} is not valid text`);
  }
}

/** A prefix of a part's deflate stream (or all of it, checked to its end), never past the size the part declares. */
function inflate(entry: ZipEntry, data: Uint8Array, whole: boolean): Buffer {
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize), ...(whole ? {} : { finishFlush: constants.Z_SYNC_FLUSH }) });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      throw new StopReading(refuse("ZIP_BOMB", `The workbook part ${entry.name} expands beyond the size it declares; this looks like a zip bomb.`));
    }
    throw corrupt(`${entry.name} cannot be decompressed`);
  }
}
