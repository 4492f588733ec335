import { z } from "zod";
import { batchCreateBodySchema, createOptionSchema } from "@/lib/import/dialects/enos-api";
import { deviceCsvColumns } from "@/lib/import/dialects/device-csv";
import { BULK_RESPONSE_TYPE } from "./c8y";
import { enosErrors } from "./enos";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: "openapi-3.0" }) as Record<string, unknown>;
const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Problem" } } } });
const auth = { "401": error("Missing, malformed, unknown or revoked API key"), "403": error("The key may not manage devices, or not for this organization") };
const csvBody = {
  required: true,
  content: {
    "multipart/form-data": { schema: { type: "object", properties: { file: { type: "string", format: "binary" } }, required: ["file"] } },
    "text/csv": { schema: { type: "string", description: `21 or 25 columns: ${deviceCsvColumns.join(", ")}` } },
  },
};
const rowIssue = { type: "object", properties: { line: { type: "integer" }, device_unique_id: { type: "string", nullable: true }, column: { type: "string", nullable: true }, code: { type: "string" }, message: { type: "string" } } };

/** The OpenAPI 3.0 document of the batch APIs; request schemas come from the zod schemas the handlers use. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.0.3",
    info: { title: "Device Import Console batch APIs", version: "1.0.0", description: "EnOS batch create, Cumulocity bulk registration and a CSV create/update/delete API for service accounts." },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "A service account's API key (dic_…), created in the console. Also accepted as X-API-Key." } },
      schemas: {
        Problem: { type: "object", properties: { error: { type: "string" }, message: { type: "string" } } },
        CreateOption: schema(createOptionSchema),
        BatchCreateRequest: schema(batchCreateBodySchema),
        RowIssue: rowIssue,
      },
    },
    paths: {
      "/connect-service/v2.4/devices": {
        post: {
          summary: "Batch create devices (EnOS v2.4)",
          parameters: [
            { name: "action", in: "query", required: true, schema: { type: "string", enum: ["batchCreate"] } },
            { name: "orgId", in: "query", required: true, schema: { type: "string" }, description: "Organization slug or id" },
          ],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/BatchCreateRequest" } } } },
          responses: {
            "200": {
              description: `code 0 and one item per device: code 0 "OK", ${enosErrors.keyExists.code} "${enosErrors.keyExists.msg}", ${enosErrors.keyGeneration.code} "${enosErrors.keyGeneration.msg}", ${enosErrors.deviceLimit.code} "${enosErrors.deviceLimit.msg}", or -1 with the reason`,
            },
            "400": { description: `${enosErrors.noPublicKey.code} "${enosErrors.noPublicKey.msg}" (requireSecret without an RSA key) or ${enosErrors.invalid.code} "${enosErrors.invalid.msg}" (body, or more devices than the batch limit)` },
            ...auth,
          },
        },
      },
      "/devicecontrol/bulkNewDeviceRequests": {
        post: {
          summary: "Bulk device credentials (Cumulocity)",
          parameters: [{ name: "productKey", in: "query", required: false, schema: { type: "string" }, description: "The product of the devices; optional when the organization has one product" }],
          requestBody: { required: true, content: { "multipart/form-data": csvBody.content["multipart/form-data"] } },
          responses: {
            "201": { description: "BulkNewDeviceRequest", content: { [BULK_RESPONSE_TYPE]: { schema: { type: "object", properties: { numberOfAll: { type: "integer" }, numberOfCreated: { type: "integer" }, numberOfFailed: { type: "integer" }, numberOfSuccessful: { type: "integer" }, credentialUpdatedList: { type: "array", items: { type: "object" } }, failedCreationList: { type: "array", items: { type: "object" } } } } } } },
            "400": error("Not multipart, no product, or a file that cannot be read"),
            ...auth,
          },
        },
      },
      "/devices/csv_validate": {
        post: { summary: "Validate a device CSV; nothing is written", requestBody: csvBody, responses: { "200": { description: "valid, counts, errors and warnings per row" }, "400": error("Malformed file"), ...auth, "500": error("Unexpected error (no internals)") } },
      },
      "/devices/csv": {
        post: {
          summary: "Create, update and delete devices from a CSV",
          requestBody: csvBody,
          responses: { "200": { description: "Bulk response: counts, errors, warnings and metadata SIM counters" }, "400": error("Malformed file"), ...auth, "500": error("Unexpected error (no internals)") },
        },
      },
    },
  };
}
