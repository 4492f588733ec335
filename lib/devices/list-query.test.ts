import { describe, expect, it } from "vitest";
import { deviceListQuerySchema } from "./list-query";

describe("deviceListQuerySchema", () => {
  it("has defaults for an empty URL", () => {
    expect(deviceListQuerySchema.parse({})).toEqual({ q: "", sort: "createdAt", dir: "desc", page: 1, size: 25 });
  });

  it("reads valid values", () => {
    expect(deviceListQuerySchema.parse({ q: " INV ", sort: "deviceKey", dir: "asc", page: "3", size: "50" })).toEqual({
      q: "INV",
      sort: "deviceKey",
      dir: "asc",
      page: 3,
      size: 50,
    });
  });

  it("falls back to defaults for tampered values instead of failing the page", () => {
    expect(
      deviceListQuerySchema.parse({ sort: "password_hash", dir: "sideways", page: "-2", size: "100000" }),
    ).toEqual({ q: "", sort: "createdAt", dir: "desc", page: 1, size: 25 });
  });
});
