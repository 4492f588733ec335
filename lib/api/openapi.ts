import { z } from "zod";
import { batchCreateBodySchema, createOptionSchema } from "@/lib/import/dialects/enos-api";
import { deviceCsvColumns } from "@/lib/import/dialects/device-csv";
import { BULK_RESPONSE_TYPE, CURRENT_TENANT_TYPE } from "./c8y";
import { MAX_DEVICES_PER_UPLOAD } from "./device-csv";
import { enosErrors } from "./enos";

const schema = (s: z.ZodType) => z.toJSONSchema(s, { target: "openapi-3.0", io: "input" }) as Record<string, unknown>;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schemaName: string, description: string, type = "application/json") => ({ description, content: { [type]: { schema: ref(schemaName) } } });
const int = { type: "integer" };
const str = { type: "string" };
const nullableStr = { type: "string", nullable: true };

/** What every endpoint may answer besides its success, in the endpoint's own error shape. */
const commonErrors = (shape: string) => ({
  "401": json(shape, "Missing, malformed, unknown, revoked or expired API key"),
  "403": json(shape, "The key may not manage devices, or not for this organization"),
  "405": json("Problem", "Method not allowed"),
  "409": json(shape, "Another import of the organization is writing devices; this call is kept in the history as cancelled"),
  "413": json(shape, "The request is larger than the organization's file limit"),
  "429": json(shape, "Too many requests; retry later"),
  "500": json(shape, "Unexpected error; the detail is in the server log under requestId, never in the response"),
  "504": json(shape, "The import's job (run by a worker) did not finish within 5 minutes; it goes on and shows in the console's history"),
});

const csvBody = {
  required: true,
  content: {
    "multipart/form-data": { schema: ref("CsvUpload") },
    "text/csv": { schema: { type: "string", description: `21 or 25 columns, in order: ${deviceCsvColumns.join(", ")}. Booleans are true, false or empty. At most ${MAX_DEVICES_PER_UPLOAD} devices.` } },
  },
};

const batchCreateRequest = () => {
  const body = schema(batchCreateBodySchema) as { properties: Record<string, Record<string, unknown>> };
  body.properties.deviceList = { ...body.properties.deviceList, items: ref("CreateOption") };
  return body;
};

const secretScheme =
  "With requireSecret: sessionKey is a random 16-byte AES key encrypted with the service account's RSA public key (RSA-OAEP, SHA-256; base64); deviceSecret is the secret encrypted with that key (AES-128-ECB, PKCS#7 padding; base64). Decrypt sessionKey with the private key, then deviceSecret with the result.";

const schemas = {
  Problem: { type: "object", properties: { error: str, code: str, message: str, requestId: str }, required: ["error", "message"] },
  CreateOption: schema(createOptionSchema),
  BatchCreateRequest: batchCreateRequest(),
  DeviceCreateResult: {
    type: "object",
    description: secretScheme,
    properties: { productKey: nullableStr, deviceKey: nullableStr, assetId: str, deviceSecret: str, sessionKey: str },
    required: ["productKey", "deviceKey"],
    additionalProperties: false,
  },
  EnosBatchEachData: {
    type: "object",
    properties: {
      code: { type: "integer", description: "0 OK, 11702, 11714, 11739, or -1 with the reason in msg" },
      msg: str,
      errorCode: { type: "string", description: "On a failed item: the machine code of why (DEVICE_KEY_EXISTS, DEVICE_KEY_TAKEN, VALUE_TOO_LONG, ROLLED_BACK, …)" },
      data: ref("DeviceCreateResult"),
    },
    required: ["code", "msg", "data"],
    additionalProperties: false,
  },
  EnosResponse: {
    type: "object",
    properties: {
      code: int,
      msg: str,
      requestId: str,
      data: { type: "array", items: ref("EnosBatchEachData") },
      successSize: int,
      totalSize: int,
      summary: {
        type: "object",
        description: "Where every item went: total = created + failed (valid, refused when written) + skipped (invalid)",
        properties: { total: int, created: int, failed: int, skipped: int },
        required: ["total", "created", "failed", "skipped"],
        additionalProperties: false,
      },
    },
    required: ["code", "msg", "requestId", "data", "successSize", "totalSize", "summary"],
    additionalProperties: false,
  },
  EnosError: {
    type: "object",
    description: "EnOS's envelope for a refused call; code is 99400, 11858, or the HTTP status (401, 403, 413, 429, 500)",
    properties: { code: int, msg: str, requestId: str, data: { type: "array", maxItems: 0 }, successSize: int, totalSize: int },
    required: ["code", "msg", "requestId"],
    additionalProperties: false,
  },
  CsvUpload: { type: "object", properties: { file: { type: "string", format: "binary", description: "The CSV; a part without filename= is taken too" } }, required: ["file"] },
  BulkNewDeviceRequest: {
    type: "object",
    properties: {
      numberOfAll: int,
      numberOfCreated: int,
      numberOfFailed: int,
      numberOfSuccessful: int,
      credentialUpdatedList: {
        type: "array",
        items: { type: "object", properties: { bulkNewDeviceStatus: { type: "string", enum: ["CREDENTIAL_UPDATED"] }, deviceId: str }, required: ["bulkNewDeviceStatus", "deviceId"], additionalProperties: false },
      },
      failedCreationList: {
        type: "array",
        items: {
          type: "object",
          properties: {
            bulkNewDeviceStatus: { type: "string", enum: ["FAILED"] },
            deviceId: str,
            failureReason: str,
            failureCode: { type: "string", description: "Why, as a machine code: the validation error's (REQUIRED, …) or the failure's at commit (DEVICE_KEY_TAKEN, EXTERNAL_ID_TAKEN, VALUE_TOO_LONG, …)" },
            line: str,
          },
          required: ["bulkNewDeviceStatus", "failureReason", "line"],
          additionalProperties: false,
        },
      },
    },
    required: ["numberOfAll", "numberOfCreated", "numberOfFailed", "numberOfSuccessful", "credentialUpdatedList", "failedCreationList"],
    additionalProperties: false,
  },
  C8yError: { type: "object", properties: { error: str, message: str, requestId: str }, required: ["error", "message"] },
  CurrentTenant: {
    type: "object",
    properties: {
      name: { type: "string", description: "The organization's slug: the tenant to name in Basic tenant/user:key" },
      domainName: str,
      allowCreateTenants: { type: "boolean" },
      customProperties: { type: "object" },
      self: str,
      applications: { type: "object", properties: { references: { type: "array", items: { type: "object" } }, self: str } },
    },
    required: ["name", "domainName", "allowCreateTenants", "customProperties", "self"],
  },
  RowIssue: {
    type: "object",
    properties: { line: int, device_unique_id: nullableStr, column: nullableStr, code: str, message: str },
    required: ["line", "device_unique_id", "column", "code", "message"],
    additionalProperties: false,
  },
  FieldChange: {
    type: "object",
    description: "One field an update sets to another value. Maps (Tags, Metadata) are replaced whole and shown whole (keys sorted, key=value; …). A password is never shown: before is \"(set)\" or empty, after \"(new value)\".",
    properties: { field: str, column: nullableStr, before: str, after: str },
    required: ["field", "column", "before", "after"],
    additionalProperties: false,
  },
  RowChange: {
    type: "object",
    description: "What importing a valid row would do to its device, from the device as it is now: create; update (fields before → after); no_change (an update that changes nothing); delete (what goes with it); credentials (a Cumulocity credentials update).",
    properties: {
      line: int,
      device_unique_id: nullableStr,
      kind: { type: "string", enum: ["create", "update", "no_change", "delete", "credentials"] },
      fields: { type: "array", items: ref("FieldChange") },
      removes: {
        type: "object",
        properties: { device: str, sim: { ...nullableStr, description: "ICCID of the SIM deleted with the device" }, external_ids: { type: "array", items: str } },
        required: ["device", "sim", "external_ids"],
        additionalProperties: false,
      },
    },
    required: ["line", "device_unique_id", "kind"],
    additionalProperties: false,
  },
  CsvValidateResponse: {
    type: "object",
    properties: {
      valid: { type: "boolean" },
      total_rows: int,
      valid_rows: int,
      invalid_rows: int,
      errors: { type: "array", items: ref("RowIssue") },
      warnings: { type: "array", items: ref("RowIssue") },
      change_counts: {
        type: "object",
        description: "Valid rows by what they would do",
        properties: { create: int, update: int, no_change: int, delete: int, credentials: int },
        required: ["create", "update", "no_change", "delete", "credentials"],
        additionalProperties: false,
      },
      changes: { type: "array", description: "One per valid row, in line order", items: ref("RowChange") },
    },
    required: ["valid", "total_rows", "valid_rows", "invalid_rows", "errors", "warnings", "change_counts", "changes"],
    additionalProperties: false,
  },
  RollbackResponse: {
    type: "object",
    description: "The rollback is an import of its own (id), linked to the one it undid (rollback_of), and shows in the console's history.",
    properties: {
      id: { type: "string", format: "uuid" },
      rollback_of: { type: "string", format: "uuid" },
      status: { type: "string", enum: ["completed"] },
      deleted: { ...int, description: "Devices the import had created, deleted again" },
      restored: { ...int, description: "Devices the import had updated, given their before-image back (fields, SIM, external ids, credentials)" },
      recreated: { ...int, description: "Devices the import had deleted, back with their SIM, external ids and credentials" },
      skipped: {
        type: "array",
        description: "Devices left as they are: changed since the import (STALE_DEVICE, naming who changed it and when), gone, or whose key, ICCID or external id another device holds now (RESTORE_CONFLICT)",
        items: { type: "object", properties: { line: int, device_unique_id: nullableStr, code: str, message: str }, required: ["line", "device_unique_id", "code", "message"], additionalProperties: false },
      },
    },
    required: ["id", "rollback_of", "status", "deleted", "restored", "recreated", "skipped"],
    additionalProperties: false,
  },
  CsvImportResponse: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      status: { type: "string", enum: ["completed", "completed_with_failures", "failed"], description: "completed_with_failures: some rows failed when written, the others were" },
      total: { type: "integer", description: "Rows of the file: total = created + updated + deleted + credential_updated + failed + skipped" },
      created: int,
      updated: int,
      deleted: int,
      credential_updated: int,
      failed: { type: "integer", description: "Rows valid when checked that could not be written (their errors carry a code such as DEVICE_KEY_TAKEN, VALUE_TOO_LONG, ROLLED_BACK)" },
      skipped: { type: "integer", description: "Invalid rows, not written (their errors say why)" },
      all_or_nothing: { type: "boolean" },
      errors: { type: "array", items: ref("RowIssue") },
      warnings: { type: "array", items: ref("RowIssue") },
      metadata: {
        type: "object",
        description: "The SIM counters, when SIM work happened (sims_failed: SIMs asked for and not created, at validation or at commit)",
        properties: { sims_created: int, sims_updated: int, sims_deleted: int, sims_failed: int },
        additionalProperties: false,
      },
    },
    required: ["id", "status", "total", "created", "updated", "deleted", "credential_updated", "failed", "skipped", "all_or_nothing", "errors", "warnings", "metadata"],
    additionalProperties: false,
  },
};

/**
 * The OpenAPI 3.0 document of the batch APIs. Request schemas come from the zod schemas the
 * handlers use; `servers` is relative, so the document is right behind any host or proxy.
 */
export function openApiDocument() {
  return {
    openapi: "3.0.3",
    info: { title: "Device Import Console batch APIs", version: "1.1.0", description: "EnOS batch create, Cumulocity bulk registration and a CSV create/update/delete API for service accounts." },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { apiKeyHeader: [] }, { basic: [] }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A service account's API key (dic_…), created in the console." },
        apiKeyHeader: { type: "apiKey", in: "header", name: "X-API-Key", description: "The same API key in X-API-Key." },
        basic: { type: "http", scheme: "basic", description: "Cumulocity style (@c8y/client BasicAuth): tenant/user:key, where tenant is the organization's slug (optional), user is free text and the password is the API key." },
      },
      schemas,
    },
    paths: {
      "/connect-service/v2.4/devices": {
        post: {
          summary: "Batch create devices (EnOS v2.4)",
          parameters: [
            { name: "action", in: "query", required: true, schema: { type: "string", enum: ["batchCreate"] } },
            { name: "orgId", in: "query", required: true, schema: { type: "string" }, description: "Organization slug or id" },
          ],
          requestBody: { required: true, content: { "application/json": { schema: ref("BatchCreateRequest") } } },
          responses: {
            "200": json("EnosResponse", `code 0 and one item per device: code 0 "OK", ${enosErrors.keyExists.code} "${enosErrors.keyExists.msg}", ${enosErrors.keyGeneration.code} "${enosErrors.keyGeneration.msg}", ${enosErrors.deviceLimit.code} "${enosErrors.deviceLimit.msg}", or -1 with the reason (naming the field). ${secretScheme}`),
            "400": json("EnosError", `${enosErrors.noPublicKey.code} "${enosErrors.noPublicKey.msg}" (requireSecret without an RSA key) or ${enosErrors.invalid.code} "${enosErrors.invalid.msg}" (not JSON, no deviceList, or more devices than the batch limit)`),
            ...commonErrors("EnosError"),
          },
        },
      },
      "/devicecontrol/bulkNewDeviceRequests": {
        post: {
          summary: "Bulk device credentials (Cumulocity)",
          description:
            "TYPE names the product when it is a product key of the organization; other rows go to the organization's product for registrations (Settings). A platform-level service account registers each row into the organization its TENANT names.",
          parameters: [{ name: "productKey", in: "query", required: false, schema: { type: "string" }, description: "Override: every row goes to this product" }],
          requestBody: { required: true, content: { "multipart/form-data": { schema: ref("CsvUpload") } } },
          responses: {
            "201": json("BulkNewDeviceRequest", "BulkNewDeviceRequest", BULK_RESPONSE_TYPE),
            "400": json("C8yError", "Not multipart, an unknown ?productKey=, not a bulk registration CSV, or a file that cannot be read"),
            ...commonErrors("C8yError"),
          },
        },
      },
      "/tenant/currentTenant": {
        get: {
          summary: "The caller's organization as Cumulocity's CurrentTenant (what Client.authenticate() asks first)",
          responses: { "200": json("CurrentTenant", "CurrentTenant", CURRENT_TENANT_TYPE), ...commonErrors("C8yError") },
        },
      },
      "/devices/csv_validate": {
        post: {
          summary: "Validate a device CSV; nothing is written",
          requestBody: csvBody,
          responses: { "200": json("CsvValidateResponse", "valid, counts, errors and warnings per row, and per valid row its changes (before → after)"), "400": json("Problem", "Malformed file or not the device CSV"), ...commonErrors("Problem") },
        },
      },
      "/devices/imports/{id}/rollback": {
        post: {
          summary: "Roll back a completed import (admin keys)",
          description:
            "Undoes the import from the before-images taken when it was staged, in one transaction: devices it created are deleted, devices it updated get their before-image back, devices it deleted come back with their SIM, external ids and credentials. A device changed since the import is skipped and listed. An import is rolled back at most once; a rollback cannot be rolled back.",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" }, description: "The import's id (the `id` of a /devices/csv answer, or from the console)" }],
          responses: {
            "200": json("RollbackResponse", "Rolled back; skipped devices listed"),
            "404": json("Problem", "No such import in the caller's organization"),
            ...commonErrors("Problem"),
            "403": json("Problem", "A key without the admin role, or for another organization"),
            "409": json("Problem", "Not a completed import, rolled back already, a rollback itself, or another import of the organization is writing devices"),
          },
        },
      },
      "/devices/csv": {
        post: {
          summary: "Create, update and delete devices from a CSV",
          description: "A row that fails when written fails alone (its error has the code); the others are written. With all_or_nothing=true, any row not written (invalid, or failed when written) rolls the whole import back: nothing is written, and every row says why.",
          parameters: [
            { name: "all_or_nothing", in: "query", required: false, schema: { type: "string", enum: ["true", "false"], default: "false" }, description: "true: write every row or none" },
          ],
          requestBody: csvBody,
          responses: {
            "200": json("CsvImportResponse", "Bulk response: counts, errors, warnings and metadata SIM counters"),
            "400": json("Problem", "Malformed file (unclosed quote, wrong number of values), not the device CSV, more than 1000 devices, or all_or_nothing neither true nor false"),
            ...commonErrors("Problem"),
            "403": json("Problem", "A key without device management, or a CSV naming companies (Account ID) the caller may not act for; nothing is written"),
          },
        },
      },
    },
  };
}
