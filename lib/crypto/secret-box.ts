import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { randomBytesPooled } from "./random-pool";
import fs from "node:fs";
import path from "node:path";

/** AES-256-GCM for secrets the platform must read back (device secrets); never for passwords. */
export type SecretBox = { seal: (plain: string) => string; open: (sealed: string) => string };

export function secretBox(key: Uint8Array): SecretBox {
  if (key.length !== 32) throw new Error("SECRET_KEY must be 32 bytes (base64-encoded)");
  return {
    seal: (plain) => {
      const iv = randomBytesPooled(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return `v1.${iv.toString("base64url")}.${Buffer.concat([body, cipher.getAuthTag()]).toString("base64url")}`;
    },
    open: (sealed) => {
      const [version, iv, data] = sealed.split(".");
      if (version !== "v1" || !iv || !data) throw new Error("not a sealed secret");
      const bytes = Buffer.from(data, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString("utf8");
    },
  };
}

/** SECRET_KEY when set; otherwise a key kept in the data folder (created once, owner-only). */
export function loadSecretKey({ secretKey, dataDir }: { secretKey?: string; dataDir: string }): Uint8Array {
  if (secretKey) return Buffer.from(secretKey, "base64");
  const file = path.resolve(dataDir, "secret.key");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
  }
  return Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
}
