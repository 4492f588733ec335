/** Plain numbers and offsets ("-5", "+08:00") are data a spreadsheet does not run; keep them usable. */
const SAFE = /^[+-]?\d[\d.,:]*$/;

/**
 * A cell that a spreadsheet would run as a formula (starting with = + - @, tab or CR) is written
 * with a leading apostrophe, so an export never executes what a user (or attacker) typed.
 */
export function neutralize(value: string): string {
  return /^[=+\-@\t\r]/.test(value) && !SAFE.test(value) ? `'${value}` : value;
}
