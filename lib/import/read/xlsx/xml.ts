import { refuse, type FileRefusal } from "../../refusal";

/** Thrown to stop reading a part: with a refusal, or with null when the reader has all it needs. */
export class StopReading {
  constructor(readonly refusal: FileRefusal | null) {}
}

export const corrupt = (detail: string) =>
  new StopReading(refuse("CORRUPT_FILE", `The .xlsx file is damaged (${detail}). Open it in Excel, save it again and upload the new file.`));

/** What a part's reader hears. Element names come without their namespace prefix ("x:row" is "row"). */
export interface XmlHandler {
  /** True while the handler keeps text (inside <v>, <t>, …): other text is skipped without decoding. */
  collecting: boolean;
  open(name: string, attributes: string, selfClosing: boolean): void;
  close(name: string): void;
  /** A piece of the current text, entities decoded; one text node may come in several pieces. */
  text(piece: string): void;
}

/** Markup longer than this is no spreadsheet's (a tag or attribute of megabytes): refused, never buffered. */
const MAX_MARKUP = 1024 * 1024;
const MAX_DEPTH = 64;
const MAX_ENTITY = 16;

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** XML entities (&amp; &#x41; …) to text. A stray "&" or unknown entity is a damaged file, not text to guess at. */
export function decodeEntities(raw: string): string {
  let amp = raw.indexOf("&");
  if (amp < 0) return raw;
  let out = "";
  let from = 0;
  while (amp >= 0) {
    const semi = raw.indexOf(";", amp);
    if (semi < 0 || semi - amp > MAX_ENTITY) throw corrupt("a broken XML entity");
    const name = raw.slice(amp + 1, semi);
    let char = NAMED[name];
    if (char === undefined) {
      const hex = name.startsWith("#x") || name.startsWith("#X");
      const digits = name.slice(hex ? 2 : 1);
      const code = name.startsWith("#") && digits !== "" && (hex ? /^[0-9a-f]+$/i : /^[0-9]+$/).test(digits) ? parseInt(digits, hex ? 16 : 10) : NaN;
      if (!(code > 0 && code <= 0x10ffff)) throw corrupt(`an unknown XML entity &${name.slice(0, MAX_ENTITY)};`);
      char = String.fromCodePoint(code);
    }
    out += raw.slice(from, amp) + char;
    from = semi + 1;
    amp = raw.indexOf("&", from);
  }
  return out + raw.slice(from);
}

/**
 * The values of the wanted attributes of a start tag, by local name ("id" finds r:id; xmlns:… never
 * counts), entities decoded, undefined when absent. One pass over the tag: no pattern to backtrack.
 */
export function readAttributes(raw: string, wanted: readonly string[], into?: (string | undefined)[]): (string | undefined)[] {
  // A caller reading one tag at a time (a sheet's cells) passes the same array every time.
  const out = into ?? new Array<string | undefined>(wanted.length);
  if (into) for (let w = 0; w < into.length; w++) into[w] = undefined;
  let i = 0;
  const n = raw.length;
  while (i < n) {
    while (i < n && isSpace(raw.charCodeAt(i))) i++;
    if (i >= n) break;
    let nameStart = i;
    let colon = -1;
    for (let c = raw.charCodeAt(i); i < n && c !== 0x3d /* = */ && !isSpace(c); c = raw.charCodeAt(++i)) if (c === 0x3a && colon < 0) colon = i;
    const nameEnd = i;
    while (i < n && isSpace(raw.charCodeAt(i))) i++;
    if (raw.charCodeAt(i) !== 0x3d) throw corrupt(`an XML attribute ${raw.slice(nameStart, nameEnd).slice(0, 40)} without a value`);
    i++;
    while (i < n && isSpace(raw.charCodeAt(i))) i++;
    const quote = raw.charCodeAt(i);
    if (quote !== 0x22 && quote !== 0x27) throw corrupt(`an XML attribute ${raw.slice(nameStart, nameEnd).slice(0, 40)} without quotes`);
    const close = raw.indexOf(quote === 0x22 ? '"' : "'", i + 1);
    if (close < 0) throw corrupt(`an XML attribute ${raw.slice(nameStart, nameEnd).slice(0, 40)} without its closing quote`);
    // Compare names in place (no string per attribute): xmlns:… declares a prefix, it is never a wanted attribute.
    if (colon >= 0) nameStart = colon - nameStart === 5 && raw.startsWith("xmlns", nameStart) ? -1 : colon + 1;
    if (nameStart >= 0) {
      for (let w = 0; w < wanted.length; w++) {
        const name = wanted[w]!;
        if (out[w] === undefined && name.length === nameEnd - nameStart && raw.startsWith(name, nameStart)) {
          out[w] = decodeEntities(raw.slice(i + 1, close));
          break;
        }
      }
    }
    i = close + 1;
  }
  return out;
}

/** One attribute of a start tag by its local name; undefined when absent. */
export const attribute = (raw: string, name: string): string | undefined => readAttributes(raw, [name])[0];

type Mode = "text" | "comment" | "cdata" | "pi";

/**
 * A streaming XML tokenizer for the few shapes an .xlsx part has: tags, text, CDATA, comments and
 * processing instructions. It holds at most one unfinished tag between chunks (never a whole text),
 * refuses DTDs (no entity expansion), and checks that every element is closed by its own name.
 */
export class XmlStream {
  private rest = "";
  private mode: Mode = "text";
  private readonly stack: string[] = [];

  constructor(private readonly handler: XmlHandler) {}

  write(chunk: string) {
    // One flat string: "rest + chunk" would be a rope, and every charCodeAt on it walks to its halves.
    const buf = this.rest === "" ? chunk : [this.rest, chunk].join("");
    this.rest = "";
    const handler = this.handler;
    let at = 0;
    const end = buf.length;
    while (at < end) {
      if (this.mode !== "text") {
        const close = this.mode === "comment" ? "-->" : this.mode === "cdata" ? "]]>" : "?>";
        const found = buf.indexOf(close, at);
        const stop = found < 0 ? Math.max(at, end - (close.length - 1)) : found;
        if (this.mode === "cdata" && handler.collecting && stop > at) handler.text(detach(buf.slice(at, stop)));
        if (found < 0) {
          this.rest = buf.slice(stop);
          return;
        }
        at = found + close.length;
        this.mode = "text";
        continue;
      }
      const lt = buf.indexOf("<", at);
      if (lt !== at) {
        const stop = lt < 0 ? end : lt;
        if (handler.collecting) {
          let upto = stop;
          if (lt < 0) {
            // Keep back an entity cut by the chunk's end ("&am" + "p;").
            const amp = buf.lastIndexOf("&", stop - 1);
            if (amp >= at && buf.indexOf(";", amp) < 0) upto = amp;
          }
          if (upto > at) handler.text(detach(decodeEntities(buf.slice(at, upto))));
          if (lt < 0) {
            this.rest = buf.slice(upto);
            if (this.rest.length > MAX_ENTITY) throw corrupt("a broken XML entity");
            return;
          }
        } else if (lt < 0) return;
        at = lt;
      }
      // buf[at] is "<"
      const next = buf.charCodeAt(at + 1);
      if (next === 0x21 /* ! */) {
        if (buf.startsWith("<!--", at)) {
          this.mode = "comment";
          at += 4;
          continue;
        }
        if (buf.startsWith("<![CDATA[", at)) {
          this.mode = "cdata";
          at += 9;
          continue;
        }
        if (end - at < 9) return this.keep(buf, at);
        throw corrupt("it declares a DTD, which no spreadsheet part has");
      }
      if (next === 0x3f /* ? */) {
        this.mode = "pi";
        at += 2;
        continue;
      }
      const gt = tagEnd(buf, at + 1);
      if (gt < 0) return this.keep(buf, at);
      this.tag(buf, at + 1, gt);
      at = gt + 1;
    }
  }

  /** Every element closed and nothing left half-read. */
  end() {
    if (this.rest !== "" || this.mode !== "text" || this.stack.length > 0) throw corrupt("a part ends in the middle of its XML");
  }

  private keep(buf: string, at: number) {
    this.rest = buf.slice(at);
    if (this.rest.length > MAX_MARKUP) throw corrupt("an XML tag of more than 1 MB");
  }

  private tag(buf: string, from: number, gt: number) {
    if (buf.charCodeAt(from) === 0x2f /* / */) {
      // Most close tags are exactly "</name>" or "</prefix:name>" of the open element: compared in place, no string made.
      const open = this.stack[this.stack.length - 1];
      if (open !== undefined && isPlainName(buf.charCodeAt(from + 1)) && isPlainName(buf.charCodeAt(gt - 1))) {
        let colon = -1;
        for (let i = from + 1; i < gt; i++) {
          if (buf.charCodeAt(i) === 0x3a) {
            colon = i;
            break;
          }
        }
        const start = colon < 0 ? from + 1 : colon + 1;
        if (gt - start === open.length && buf.startsWith(open, start)) {
          this.stack.pop();
          this.handler.close(open);
          return;
        }
      }
      const name = localName(buf.slice(from + 1, gt).trim());
      if (this.stack.pop() !== name) throw corrupt(`an XML element closed as </${name.slice(0, 40)}> that was not open`);
      this.handler.close(name);
      return;
    }
    const selfClosing = buf.charCodeAt(gt - 1) === 0x2f;
    const end = selfClosing ? gt - 1 : gt;
    let nameEnd = from;
    let colon = -1;
    for (; nameEnd < end; nameEnd++) {
      const c = buf.charCodeAt(nameEnd);
      if (isSpace(c)) break;
      if (c === 0x3a && colon < 0) colon = nameEnd;
    }
    const name = buf.slice(colon < 0 ? from : colon + 1, nameEnd);
    if (name === "") throw corrupt("an XML tag without a name");
    if (!selfClosing) {
      if (this.stack.length >= MAX_DEPTH) throw corrupt("XML nested too deep");
      this.stack.push(name);
    }
    this.handler.open(name, nameEnd === end ? "" : buf.slice(nameEnd, end), selfClosing);
    if (selfClosing) this.handler.close(name);
  }
}

/**
 * A text the handler may keep, as its own copy. V8 makes a slice of 13 characters or more a view into
 * the string it was cut from, so one kept cell would keep its whole 64 KB chunk alive, and the garbage
 * collector would copy every chunk of a sheet (the sheet's whole XML) from young to old space.
 * Concatenating and cutting again copies the characters into a string of their own.
 */
const detach = (text: string) => (text.length < 13 ? text : (text + " ").slice(0, -1));

/** Printable ASCII but space: a character that trim() keeps, at either end of a close tag's name. */
const isPlainName = (c: number) => c > 0x20 && c < 0x7f;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function localName(qualified: string): string {
  const colon = qualified.indexOf(":");
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** The ">" ending the tag that starts at `from`, skipping quoted attribute values; -1 if not in `buf` yet. */
function tagEnd(buf: string, from: number): number {
  let quote = 0;
  for (let i = from; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x3e /* > */) return i;
    else if (c === 0x22 || c === 0x27) quote = c;
  }
  return -1;
}
