/**
 * A value the importer read differently from how the file wrote it, where the meaning is plain
 * (an Excel date cell shown as 2026/1/15; "yes" in a boolean column). The grid shows each one next
 * to its cell, so that nothing is changed in silence.
 */
export type ConversionKind = "excel_date" | "boolean";

/** As the reader finds it: by column index, before the columns have their final names. */
export type CellConversion = { index: number; kind: ConversionKind; from: string };

/** On a row: by column header, as the grid and the stored row name cells. */
export type Conversion = { column: string; kind: ConversionKind; from: string };

export const conversionNote = (c: Pick<Conversion, "kind" | "from">) =>
  c.kind === "excel_date" ? `converted from date cell "${c.from}"` : `converted from "${c.from}"`;
