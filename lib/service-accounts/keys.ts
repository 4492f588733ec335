import { createHash, timingSafeEqual } from "node:crypto";
import { randomToken } from "@/lib/crypto/random-token";

/**
 * API keys look like `dic_<prefix>_<secret>`. The prefix finds the account and is shown in lists;
 * the secret is 256 random bits, so a SHA-256 of it is enough (a slow hash protects guessable
 * passwords, not random keys) and keeps every API call fast.
 */
const KEY = /^dic_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export function generateApiKey() {
  // 43 letters or digits carry 256 bits, like 32 random bytes.
  const prefix = randomToken(8);
  const secret = randomToken(43);
  return { key: `dic_${prefix}_${secret}`, prefix: `dic_${prefix}`, hash: hashSecret(secret) };
}

export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = KEY.exec(key.trim());
  return match ? { prefix: `dic_${match[1]}`, secret: match[2]! } : null;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
