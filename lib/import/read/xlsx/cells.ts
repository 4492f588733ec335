import * as XLSX from "xlsx";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** An Excel date serial (date cells store numbers) as ISO: a date, a date-time when it has a time, a time alone under 1. */
export function excelDateToIso(serial: number, date1904: boolean): string | null {
  const parts = XLSX.SSF.parse_date_code(serial, { date1904 });
  if (!parts) return null;
  // Under 1 is a time of day with no date (Calc makes "+08:00" typed in a CSV one): not "1900-01-00".
  if (serial >= 0 && serial < 1) return `${pad(parts.H)}:${pad(parts.M)}:${pad(Math.round(parts.S))}`;
  const date = `${pad(parts.y, 4)}-${pad(parts.m)}-${pad(parts.d)}`;
  if (parts.H === 0 && parts.M === 0 && parts.S === 0 && Number.isInteger(serial)) return date;
  return `${date}T${pad(parts.H)}:${pad(parts.M)}:${pad(Math.round(parts.S))}`;
}

/** Excel's error values as the cell shows them; anything else in an error cell is shown as SheetJS did. */
const EXCEL_ERRORS = new Set(["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"]);

/** Built-in format ids that SheetJS's table leaves out but Excel shows as dates (East Asian locales). */
const LOCALE_DATE_IDS = new Set([27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Which cell styles (the `s` index into cellXfs) show their number as a date. */
export class DateStyles {
  private readonly formats = new Map<number, string>();
  private readonly xfFormats: number[] = [];
  private cache: boolean[] | null = null;

  addFormat(id: number, code: string) {
    this.formats.set(id, code);
  }

  addXf(numFmtId: number) {
    this.xfFormats.push(numFmtId);
  }

  isDate(style: number): boolean {
    if (!this.cache) {
      const table = XLSX.SSF.get_table() as Record<number, string>;
      this.cache = this.xfFormats.map((id) => {
        const code = this.formats.get(id) ?? table[id];
        if (code === undefined) return LOCALE_DATE_IDS.has(id);
        return XLSX.SSF.is_date(code);
      });
    }
    return this.cache[style] ?? false;
  }

  /** A date cell's value as Excel shows it with the cell's own format (for the "converted from" note). */
  display(style: number, serial: number, date1904: boolean, iso: string): string {
    const id = this.xfFormats[style];
    const code = id === undefined ? undefined : (this.formats.get(id) ?? (XLSX.SSF.get_table() as Record<number, string>)[id]);
    if (code === undefined) return iso;
    // SSF takes an unescaped "." for a decimal point ("d.m.yyyy", German dates): escaped, it is text.
    for (const attempt of [code, code.replace(/(?<!\\)\./g, "\\.")]) {
      try {
        const shown = XLSX.SSF.format(attempt, serial, { date1904 }).trim();
        if (shown !== "") return shown.slice(0, 100);
      } catch {
        // the next attempt, or the ISO text
      }
    }
    return iso;
  }
}

/**
 * A cell as the text the user typed: text cells raw, booleans as true/false, Excel errors as shown,
 * date-formatted numbers as ISO dates. Numbers too large to hold exactly are written in scientific form
 * (e.g. "8.988303000123457E+18"), so that a long ID typed into a number cell fails validation instead of
 * silently losing digits.
 */
export function cellText(type: string, value: string, dateStyle: boolean, date1904: boolean): string {
  switch (type) {
    case "s":
    case "str":
    case "inlineStr":
      return value;
    case "b":
      return value === "1" || value === "true" ? "true" : value === "" ? "" : "false";
    case "e":
      return value === "" || EXCEL_ERRORS.has(value) ? value : "#ERROR";
    case "d": {
      const time = Date.parse(value);
      if (Number.isNaN(time)) return value;
      const iso = new Date(time).toISOString();
      return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19);
    }
    default: {
      if (value === "") return "";
      const number = Number(value);
      if (Number.isNaN(number)) return value;
      if (dateStyle) return excelDateToIso(number, date1904) ?? String(number);
      if (Number.isInteger(number) && !Number.isSafeInteger(number)) return number.toExponential().toUpperCase();
      return String(number);
    }
  }
}

/** `_x000D_`-style escapes that OOXML uses for characters XML cannot hold (SheetJS decodes them too). */
export function unescapeOoxml(text: string): string {
  if (text.indexOf("_x") < 0) return text;
  return text.replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
