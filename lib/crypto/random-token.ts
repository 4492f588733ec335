import { randomBytesPooled } from "./random-pool";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A random string of letters and digits (about 5.95 bits a character). No "-" or "_": generated
 * ids and secrets must never look like a formula to a spreadsheet (an export would neutralize,
 * and so corrupt, a secret starting with "-"), nor need quoting anywhere.
 */
export function randomToken(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytesPooled(length * 2)) {
      // 62 * 4 = 248: rejecting 248..255 keeps every character equally likely.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}
