import { refuse } from "../../refusal";
import { DateStyles, unescapeOoxml } from "./cells";
import { attribute, StopReading, type XmlHandler } from "./xml";
import type { ZipParts } from "./zip";

/** Excel's own limit for the characters in one cell. */
export const MAX_CELL_CHARS = 32_767;
/** Before `_x000D_`-style escapes are decoded a text may be up to 7× longer: the bound on what is held while reading. */
export const MAX_RAW_CELL_CHARS = MAX_CELL_CHARS * 7;

const noop = () => {};

/** A handler that only opens tags (rels, workbook, content types, styles). */
const onOpen = (open: XmlHandler["open"]): XmlHandler => ({ collecting: false, open, close: noop, text: noop });

/** A relationship part as type suffix → targets, resolved against the folder of the part that owns it. */
export function readRelationships(zip: ZipParts, owner: string): { type: string; target: string; id: string }[] {
  const folder = owner.includes("/") ? owner.slice(0, owner.lastIndexOf("/") + 1) : "";
  const relsName = `${folder}_rels/${owner.slice(folder.length)}.rels`;
  const relationships: { type: string; target: string; id: string }[] = [];
  zip.readXml(
    relsName,
    onOpen((name, attributes) => {
      if (name !== "Relationship" || attribute(attributes, "TargetMode") === "External") return;
      const target = attribute(attributes, "Target");
      if (target) relationships.push({ id: attribute(attributes, "Id") ?? "", type: attribute(attributes, "Type") ?? "", target: resolve(folder, target) });
    }),
  );
  return relationships;
}

function resolve(folder: string, target: string): string {
  const parts = (target.startsWith("/") ? target.slice(1) : folder + target).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "..") out.pop();
    else if (part !== "." && part !== "") out.push(part);
  }
  return out.join("/");
}

/** The first sheet's relationship id and whether dates count from 1904. */
export function readWorkbook(zip: ZipParts, name: string) {
  let firstSheet: string | undefined;
  let date1904 = false;
  zip.readXml(
    name,
    onOpen((tag, attributes) => {
      if (tag === "sheet" && firstSheet === undefined) firstSheet = attribute(attributes, "id");
      else if (tag === "workbookPr") date1904 = ["1", "true"].includes(attribute(attributes, "date1904") ?? "");
    }),
  );
  return { firstSheet, date1904 };
}

/** Number formats and cell styles: enough to tell a date cell from a number cell. */
export function readStyles(zip: ZipParts, name: string | undefined): DateStyles {
  const styles = new DateStyles();
  if (!name) return styles;
  let inCellXfs = false;
  zip.readXml(name, {
    collecting: false,
    open(tag, attributes) {
      if (tag === "numFmt") styles.addFormat(Number(attribute(attributes, "numFmtId")), attribute(attributes, "formatCode") ?? "");
      else if (tag === "cellXfs") inCellXfs = true;
      else if (tag === "xf" && inCellXfs) styles.addXf(Number(attribute(attributes, "numFmtId") ?? 0));
    },
    close(tag) {
      if (tag === "cellXfs") inCellXfs = false;
    },
    text: noop,
  });
  return styles;
}

/** The document's subject and category (the template writes its product key there). */
export function readCoreProperties(zip: ZipParts, name: string): { subject?: string; category?: string } {
  const found: { subject?: string; category?: string } = {};
  let current: "subject" | "category" | null = null;
  let text = "";
  const handler: XmlHandler = {
    collecting: false,
    open(tag, _attributes, selfClosing) {
      if ((tag === "subject" || tag === "category") && !selfClosing) {
        current = tag;
        text = "";
        handler.collecting = true;
      }
    },
    close(tag) {
      if (current && tag === current) {
        if (text !== "") found[current] = text;
        current = null;
        handler.collecting = false;
      }
    },
    text(piece) {
      if (text.length + piece.length > MAX_CELL_CHARS) throw new StopReading(refuse("CELL_TOO_LONG", `The workbook's ${current} property holds more than ${MAX_CELL_CHARS.toLocaleString("en-US")} characters.`));
      text += piece;
    },
  };
  zip.readXml(name, handler);
  return found;
}

/**
 * The shared strings, refused the moment there are more than `maxStrings` of them or one is longer
 * than a cell can be: a value is checked before it is kept, so a crafted table never fills memory.
 */
export function readSharedStrings(zip: ZipParts, name: string | undefined, maxStrings: number): string[] {
  const strings: string[] = [];
  if (!name) return strings;
  let text = "";
  let depthInPhonetic = 0;
  const tooMany = () =>
    new StopReading(
      refuse("TOO_MANY_STRINGS", `The workbook holds more than ${maxStrings.toLocaleString("en-US")} different texts, far more than its rows can use. Save only the device sheet as a new .xlsx and upload it again.`),
    );
  const tooLong = () =>
    new StopReading(
      refuse(
        "CELL_TOO_LONG",
        `Text number ${(strings.length + 1).toLocaleString("en-US")} of the workbook holds more than ${MAX_CELL_CHARS.toLocaleString("en-US")} characters, more than an Excel cell can hold. Shorten it and upload the file again.`,
      ),
    );
  const handler: XmlHandler = {
    collecting: false,
    open(tag, attributes, selfClosing) {
      if (tag === "sst") {
        const unique = Number(attribute(attributes, "uniqueCount") ?? 0);
        if (unique > maxStrings) throw tooMany();
      } else if (tag === "si") {
        if (strings.length >= maxStrings) throw tooMany();
        text = "";
      } else if (tag === "rPh") depthInPhonetic++;
      else if (tag === "t" && depthInPhonetic === 0 && !selfClosing) handler.collecting = true;
    },
    close(tag) {
      if (tag === "t") handler.collecting = false;
      else if (tag === "rPh") depthInPhonetic--;
      else if (tag === "si") {
        const value = unescapeOoxml(text);
        if (value.length > MAX_CELL_CHARS) throw tooLong();
        strings.push(value);
      }
    },
    text(piece) {
      if (text.length + piece.length > MAX_RAW_CELL_CHARS) throw tooLong();
      text += piece;
    },
  };
  zip.readXml(name, handler);
  return strings;
}

/** Content types that mean macros, whatever the part holding them is called. */
const MACRO_CONTENT_TYPE = /macroEnabled|vbaProject|macrosheet/i;

/**
 * The first macro-enabled content type that [Content_Types].xml gives a part of this zip, if any. A
 * Default covers every part with its extension and counts only when such a part exists (SheetJS lists
 * .bin as macro-enabled in every file it writes); an Override counts for the part it names.
 */
export function findMacroContentType(zip: ZipParts): string | undefined {
  let found: string | undefined;
  const extensions = new Set(zip.names().map((n) => n.slice(n.lastIndexOf(".") + 1).toLowerCase()));
  zip.readXml(
    "[Content_Types].xml",
    onOpen((tag, attributes) => {
      if (found || (tag !== "Override" && tag !== "Default")) return;
      const type = attribute(attributes, "ContentType") ?? "";
      if (!MACRO_CONTENT_TYPE.test(type)) return;
      const present = tag === "Default" ? extensions.has((attribute(attributes, "Extension") ?? "").toLowerCase()) : zip.has((attribute(attributes, "PartName") ?? "").replace(/^\//, ""));
      if (present) found = type;
    }),
  );
  return found;
}
