import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

describe("OpenAPI document", () => {
  it("lists the four endpoints and derives the batchCreate body from its zod schema", () => {
    const doc = openApiDocument("http://localhost:3000");
    expect(Object.keys(doc.paths).sort()).toEqual(["/connect-service/v2.4/devices", "/devicecontrol/bulkNewDeviceRequests", "/devices/csv", "/devices/csv_validate"]);
    const body = doc.components.schemas.BatchCreateRequest as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(body.properties)).toEqual(["deviceList", "requireSecret"]);
    expect(body.required).toEqual(["deviceList"]);
    const option = doc.components.schemas.CreateOption as { required: string[] };
    expect(option.required).toEqual(["productKey", "deviceName", "timezone"]);
  });
});
