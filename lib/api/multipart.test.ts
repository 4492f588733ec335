import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { multipartBoundary, parseMultipart } from "./multipart";

const seedRequest = fs.readFileSync(path.join(import.meta.dirname, "../../docs/examples/c8y-seed-request.txt"));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (s: string) => new TextEncoder().encode(s);

describe("parseMultipart", () => {
  it("reads seed 002's example request: no filename=, Content-Type plain/text, no closing --", () => {
    for (const body of [seedRequest, bytes(seedRequest.toString().replace(/\n/g, "\r\n"))]) {
      const parsed = parseMultipart(body, "multipart/form-data; boundary=myBoundary");
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.parts).toHaveLength(1);
      const [file] = parsed.parts;
      expect(file).toMatchObject({ name: "file", filename: null, contentType: "plain/text" });
      expect(text(file!.body).split(/\r?\n/)).toHaveLength(8);
      expect(text(file!.body)).toMatch(/^ID;CREDENTIALS;TYPE;NAME;ICCID;IDTYPE;PATH;SHELL\r?\nid_101;/);
      expect(text(file!.body)).toMatch(/id_131;abcd1234;type_of_device;Device 131;;;csv device1\/subgroup3;$/);
    }
  });

  it("reads what browsers and curl send (quoted boundary, filename, closing --, preamble)", async () => {
    const form = new FormData();
    form.append("note", "x");
    form.append("file", new File(["a,b\r\n1,2\r\n"], "d.csv", { type: "text/csv" }));
    const request = new Request("http://x/", { method: "POST", body: form });
    const type = request.headers.get("content-type")!;
    const parsed = parseMultipart(new Uint8Array(await request.arrayBuffer()), type.replace(/boundary=(.*)$/, 'boundary="$1"'));
    expect(parsed.ok && parsed.parts.map((p) => [p.name, p.filename, text(p.body)])).toEqual([
      ["note", null, "x"],
      ["file", "d.csv", "a,b\r\n1,2\r\n"],
    ]);
    expect(parseMultipart(bytes("preamble\r\n--b\r\nContent-Disposition: form-data; name=file\r\n\r\nv\r\n--b--\r\n"), "multipart/form-data; boundary=b")).toMatchObject({ ok: true, parts: [{ name: "file" }] });
  });

  it("does not take a longer boundary-like line for the boundary", () => {
    const parsed = parseMultipart(bytes("--b\nContent-Disposition: form-data; name=file\n\n--bb line\n--b--"), "multipart/form-data; boundary=b");
    expect(parsed.ok && text(parsed.parts[0]!.body)).toBe("--bb line");
  });

  it("refuses what is not multipart: no boundary, no disposition, an unterminated part", () => {
    expect(multipartBoundary("text/csv")).toBeNull();
    expect(parseMultipart(bytes("x"), "multipart/form-data")).toMatchObject({ ok: false });
    expect(parseMultipart(bytes("no boundary here"), "multipart/form-data; boundary=b")).toMatchObject({ ok: false });
    expect(parseMultipart(bytes("--b\nContent-Type: text/csv\n\nv\n--b--"), "multipart/form-data; boundary=b")).toMatchObject({ ok: false, message: expect.stringContaining("Content-Disposition") });
    expect(parseMultipart(bytes("--b\nContent-Disposition: form-data; name=file\n\nv without end"), "multipart/form-data; boundary=b")).toMatchObject({ ok: false });
  });
});
