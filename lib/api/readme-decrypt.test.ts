import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rsa } from "./__fixtures__/api-setup";
import { encryptDeviceSecret } from "./enos-secret";

describe("the README's decrypting snippet", () => {
  it("recovers a device secret from deviceSecret and sessionKey, run as written", () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, "../../README.md"), "utf8");
    const snippet = /```js\n(\/\/ decrypt-secret\.mjs[\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet, "README.md has the decrypt-secret.mjs block").toBeDefined();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "decrypt-"));
    try {
      fs.writeFileSync(path.join(dir, "decrypt-secret.mjs"), snippet!);
      fs.writeFileSync(path.join(dir, "private.pem"), rsa.privateKey);
      const { deviceSecret, sessionKey } = encryptDeviceSecret("Abc123DeviceSecretXyz789", rsa.publicKey);
      const out = execFileSync(process.execPath, [path.join(dir, "decrypt-secret.mjs"), path.join(dir, "private.pem"), sessionKey, deviceSecret], { encoding: "utf8" });
      expect(out.trim()).toBe("Abc123DeviceSecretXyz789");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
