import { constants, createCipheriv, createDecipheriv, privateDecrypt, publicEncrypt, randomBytes } from "node:crypto";

/**
 * EnOS v2.4 hands out a device secret encrypted, with a `sessionKey` to decrypt it ("Decrypting
 * Product/Device Secret"): a random session key encrypted with the service account's RSA public
 * key, and the secret encrypted with that session key. The ciphers are ours, stated in the README
 * and the OpenAPI document: the session key is 16 random bytes under RSA-OAEP (SHA-256; Node no
 * longer decrypts PKCS#1 v1.5), the secret AES-128-ECB with PKCS#7 padding (one fresh key per
 * secret, so the mode's weakness, equal blocks under one key, cannot show). Both base64.
 */
export function encryptDeviceSecret(secret: string, rsaPublicKey: string): { deviceSecret: string; sessionKey: string } {
  const key = randomBytes(16);
  const cipher = createCipheriv("aes-128-ecb", key, null);
  const deviceSecret = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]).toString("base64");
  const sessionKey = publicEncrypt({ key: rsaPublicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, key).toString("base64");
  return { deviceSecret, sessionKey };
}

/** The decrypting side, as the README shows it to integrators (and the tests run it). */
export function decryptDeviceSecret({ deviceSecret, sessionKey }: { deviceSecret: string; sessionKey: string }, rsaPrivateKey: string): string {
  const key = privateDecrypt({ key: rsaPrivateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, Buffer.from(sessionKey, "base64"));
  const decipher = createDecipheriv("aes-128-ecb", key, null);
  return Buffer.concat([decipher.update(Buffer.from(deviceSecret, "base64")), decipher.final()]).toString("utf8");
}
