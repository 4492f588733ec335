/** Plain numbers and offsets ("-5", "+08:00") are data a spreadsheet does not run; keep them usable. */
const SAFE = /^[+-]?\d[\d.,:]*$/;
/** Spreadsheets skip these before a formula sign: " =1+1", "\n=1+1" and "\u00a0=1+1" still run. */
const LEADING_BLANKS = /^[\s\u00a0\u2000-\u200b\u3000\ufeff]+/;

/**
 * A cell that a spreadsheet would run as a formula (starting with = + - @, tab or CR, also after
 * leading spaces, line feeds or no-break spaces) is written with a leading apostrophe, so an
 * export never executes what a user (or attacker) typed.
 */
export function neutralize(value: string): string {
  if (/^[\t\r]/.test(value)) return `'${value}`;
  const rest = value.replace(LEADING_BLANKS, "");
  return /^[=+\-@\uff1d\uff0b\uff0d\uff20]/.test(rest) && !SAFE.test(rest) ? `'${value}` : value;
}
