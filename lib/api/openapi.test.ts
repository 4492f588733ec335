import SwaggerParser from "@apidevtools/swagger-parser";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

type Doc = ReturnType<typeof openApiDocument>;

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.0 document (swagger-parser), with every $ref resolving", async () => {
    const doc = structuredClone(openApiDocument());
    await expect(SwaggerParser.validate(doc as never)).resolves.toBeTruthy();
    // The validator is real: a dangling $ref or a response without a description is refused.
    const broken = structuredClone(openApiDocument()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    broken.paths["/devices/csv"]!.post!.responses["200"] = { content: { "application/json": { schema: { $ref: "#/components/schemas/Nope" } } } };
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
  });

  it("documents every response of every endpoint with a schema, and the security schemes", () => {
    const doc: Doc = openApiDocument();
    expect(Object.keys(doc.paths).sort()).toEqual(["/connect-service/v2.4/devices", "/devicecontrol/bulkNewDeviceRequests", "/devices/csv", "/devices/csv_validate", "/devices/imports/{id}/rollback", "/tenant/currentTenant"]);
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods as Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>)) {
        const statuses = Object.keys(operation.responses);
        for (const status of ["401", "403", "405", "413", "429", "500"]) expect(statuses, `${method} ${path}`).toContain(status);
        expect(statuses.some((s) => s === "200" || s === "201"), `${method} ${path}`).toBe(true);
        for (const [status, response] of Object.entries(operation.responses)) {
          const media = Object.values(response.content ?? {});
          expect(media.length, `${method} ${path} ${status}`).toBeGreaterThan(0);
          for (const m of media) expect(m.schema, `${method} ${path} ${status}`).toBeDefined();
        }
      }
    }
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["apiKeyHeader", "basic", "bearer"]);
    expect(doc.components.securitySchemes.apiKeyHeader).toMatchObject({ type: "apiKey", in: "header", name: "X-API-Key" });
    expect(doc.components.securitySchemes.basic).toMatchObject({ type: "http", scheme: "basic" });
    expect(doc.servers).toEqual([{ url: "/" }]);
  });

  it("references CreateOption from the batchCreate body, derived from the zod schema the handler uses", () => {
    const doc = openApiDocument();
    const body = doc.components.schemas.BatchCreateRequest as { properties: Record<string, { items?: unknown }>; required: string[] };
    expect(Object.keys(body.properties)).toEqual(["deviceList", "requireSecret"]);
    expect(body.required).toEqual(["deviceList"]);
    expect(body.properties.deviceList!.items).toEqual({ $ref: "#/components/schemas/CreateOption" });
    const option = doc.components.schemas.CreateOption as { required: string[]; properties: Record<string, unknown> };
    expect(option.required).toEqual(["productKey", "deviceName", "timezone"]);
    expect(option.properties.deviceTags).toEqual({ type: "object", additionalProperties: { type: "string" } });
  });
});
