import { loadSecretKey, secretBox, type SecretBox } from "@/lib/crypto/secret-box";
import { readEnv } from "@/lib/env";

let box: SecretBox | undefined;

/** The process's box for device secrets (SECRET_KEY, or the key file in DATA_DIR). */
export function getSecretBox(): SecretBox {
  if (!box) {
    const env = readEnv();
    box = secretBox(loadSecretKey({ secretKey: env.SECRET_KEY, dataDir: env.DATA_DIR }));
  }
  return box;
}
