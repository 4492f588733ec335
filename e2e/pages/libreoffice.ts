import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => fs.existsSync(p));

/**
 * A CSV saved as .xlsx by LibreOffice Calc (headless, its own throwaway profile), as another
 * system's export would be: Calc guesses types, so dates become date cells and numbers numbers.
 */
export function xlsxByLibreOffice(name: string, csvText: string): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-lo-"));
  try {
    fs.mkdirSync(path.join(dir, "in"));
    fs.writeFileSync(path.join(dir, "in", `${name}.csv`), csvText);
    execFileSync(
      soffice!,
      [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--norestore", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", path.join(dir, "out"), path.join(dir, "in", `${name}.csv`)],
      { stdio: "pipe", timeout: 120_000 },
    );
    return fs.readFileSync(path.join(dir, "out", `${name}.xlsx`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
