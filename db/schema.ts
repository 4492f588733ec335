import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { operations } from "@/lib/import/command";
import { dialects } from "@/lib/import/dialect";
import type { Conversion } from "@/lib/import/conversion";
import type { RowIssue } from "@/lib/import/issue";
import type { ColumnMapping, RememberedMapping } from "@/lib/import/mapping/mapping";
import type { FileWarning } from "@/lib/import/read/sheet";
import type { RowChanges } from "@/lib/import/row-changes";
import type { BeforeImage } from "@/lib/imports/before-image-type";
import type { StoredCheck } from "@/lib/imports/stored-check";
import { dataTypes, type ModelAttribute } from "@/lib/import/model";

const id = () => uuid("id").primaryKey().defaultRandom();
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

export const roleEnum = pgEnum("role", ["admin", "operator", "viewer"]);
export const attributeDataTypeEnum = pgEnum("attribute_data_type", dataTypes);
export const deviceStatusEnum = pgEnum("device_status", ["inactive", "online", "offline"]);
export const operationEnum = pgEnum("operation", operations);
export const dialectEnum = pgEnum("dialect", dialects);
export const importSourceEnum = pgEnum("import_source", ["console", "api"]);
export const importStatusEnum = pgEnum("import_status", ["validated", "queued", "importing", "completed", "completed_with_failures", "failed", "cancelled"]);
export const rowOutcomeEnum = pgEnum("row_outcome", [
  "pending",
  "created",
  "updated",
  "deleted",
  "credential_updated",
  "skipped",
  "failed",
]);

/**
 * Token buckets for rate limits (key = who, e.g. "api:<account id>"): `tokens` as of `updatedAt`,
 * refilled at limit-per-minute. Kept in the database so that a limit holds across app servers.
 */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text("key").primaryKey(),
  tokens: doublePrecision("tokens").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The tenant (OU, account, company) that owns everything below, with its limits. */
export const organizations = pgTable("organizations", {
  id: id(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  maxRowsPerFile: integer("max_rows_per_file").notNull().default(1000),
  maxBytesPerFile: integer("max_bytes_per_file").notNull().default(2 * 1024 * 1024),
  maxDevicesPerProduct: integer("max_devices_per_product").notNull().default(10_000),
  maxDevicesPerOrganization: integer("max_devices_per_organization").notNull().default(100_000),
  /** EnOS batchCreate: more items than this in one request is error 99400. */
  maxBatchSize: integer("max_batch_size").notNull().default(1000),
  /** Cumulocity bulk registration: the product of rows whose TYPE names no product of the organization. */
  registrationProductId: uuid("registration_product_id").references((): AnyPgColumn => products.id, { onDelete: "set null" }),
  /** Calls per minute one API key may make to the batch APIs (429 with Retry-After beyond). */
  apiCallsPerMinute: integer("api_calls_per_minute").notNull().default(20),
  /** Uploads and confirms per minute one signed-in user may make in this organization. */
  userImportsPerMinute: integer("user_imports_per_minute").notNull().default(20),
  /** Group paths ("a/b/c") deeper than this are refused. */
  maxGroupDepth: integer("max_group_depth").notNull().default(10),
  createdAt: createdAt(),
});

export const users = pgTable("users", {
  id: id(),
  /** Stored lower-cased: sign-in is case-insensitive on the email. */
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  /** Cumulocity's "management tenant": may name the target organization per row. */
  isPlatformAdmin: boolean("is_platform_admin").notNull().default(false),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  "memberships",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.organizationId] }), index("memberships_org_idx").on(t.organizationId)],
);

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Failed sign-ins by email (known or not, so that throttling reveals nothing), for throttling. */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: id(),
    email: text("email").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sign_in_failures_email_created_idx").on(t.email, t.createdAt)],
);

export const serviceAccounts = pgTable(
  "service_accounts",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: roleEnum("role").notNull(),
    /** The first characters of the key, shown in lists and used to find the row. */
    keyPrefix: text("key_prefix").notNull().unique(),
    keyHash: text("key_hash").notNull(),
    /** PEM; EnOS requireSecret encrypts device secrets with it (error 11858 without). */
    rsaPublicKey: text("rsa_public_key"),
    /** Cumulocity's "management tenant": may register into the organization a row's TENANT names. Set by operators of the platform, not in the console. */
    isPlatformLevel: boolean("is_platform_level").notNull().default(false),
    createdByUserId: uuid("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** After this instant the key answers 401, like a revoked one; null: no expiry. */
    expiresAt: timestamp("expires_at", { withTimezone: true }),
  },
  (t) => [index("service_accounts_org_idx").on(t.organizationId)],
);

/** A thing model: the typed attributes every device of its products carries. */
export const models = pgTable(
  "models",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    modelKey: text("model_key").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    attributes: jsonb("attributes").$type<ModelAttribute[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("models_org_key_uq").on(t.organizationId, t.modelKey)],
);

/** A device type of one model. Product keys are unique platform-wide. */
export const products = pgTable(
  "products",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    modelId: uuid("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "restrict" }),
    productKey: text("product_key").notNull().unique(),
    name: text("name").notNull(),
    description: text("description"),
    createdAt: createdAt(),
  },
  (t) => [index("products_org_idx").on(t.organizationId)],
);

/** Hierarchical groups; `path` is the full "a/b/c" so that a level is created once. */
export const deviceGroups = pgTable(
  "device_groups",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    parentId: uuid("parent_id").references((): AnyPgColumn => deviceGroups.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    path: text("path").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("device_groups_org_path_uq").on(t.organizationId, t.path)],
);

/** One upload or API call, and its counters. Its rows are what the confirm step imports. */
export const imports = pgTable(
  "imports",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    /** The product the template belongs to; CSV dialects may name several, then null. */
    productId: uuid("product_id").references(() => products.id, { onDelete: "set null" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    serviceAccountId: uuid("service_account_id").references(() => serviceAccounts.id, { onDelete: "set null" }),
    source: importSourceEnum("source").notNull(),
    dialect: dialectEnum("dialect").notNull(),
    fileName: text("file_name"),
    fileSha256: text("file_sha256"),
    fileBytes: integer("file_bytes"),
    /** The file's header row as read: staged rows are validated again against it after an edit. */
    header: jsonb("header").$type<string[]>().notNull().default([]),
    /** Where the header row is in the file (line), so rebuilt sheets keep the user's line numbers. */
    headerLine: integer("header_line").notNull().default(1),
    /** Text files: the encoding the bytes were read with (detected, or picked by the user). */
    encoding: text("encoding"),
    /** About the whole file (e.g. the encoding was a guess): shown above the preview. */
    fileWarnings: jsonb("file_warnings").$type<FileWarning[]>().notNull().default([]),
    /** A file of another header, read through the user's column mapping: its own header and the targets. */
    columnMapping: jsonb("column_mapping").$type<ColumnMapping>(),
    /**
     * What the rows were checked against (product models, settings; lib/imports/check-fingerprint.ts).
     * While it still matches, a commit takes the rows' stored checked changes instead of checking
     * every cell again; null (or a mismatch) checks them all again.
     */
    checkFingerprint: text("check_fingerprint"),
    status: importStatusEnum("status").notNull().default("validated"),
    totalRows: integer("total_rows").notNull().default(0),
    validRows: integer("valid_rows").notNull().default(0),
    invalidRows: integer("invalid_rows").notNull().default(0),
    /** Rows the user removed in the preview: kept, with outcome skipped, so that total still adds up. */
    removedRows: integer("removed_rows").notNull().default(0),
    createdCount: integer("created_count").notNull().default(0),
    updatedCount: integer("updated_count").notNull().default(0),
    deletedCount: integer("deleted_count").notNull().default(0),
    /** Cumulocity's create-or-update-credentials on a device that existed: counted apart from updates. */
    credentialUpdatedCount: integer("credential_updated_count").notNull().default(0),
    failedCount: integer("failed_count").notNull().default(0),
    /** Rows invalid when confirmed: never written. total = created + updated + deleted + credential-updated + failed + skipped. */
    skippedCount: integer("skipped_count").notNull().default(0),
    /** Set at confirm: any row that fails rolls the whole import back. */
    allOrNothing: boolean("all_or_nothing").notNull().default(false),
    simsCreated: integer("sims_created").notNull().default(0),
    simsUpdated: integer("sims_updated").notNull().default(0),
    simsDeleted: integer("sims_deleted").notNull().default(0),
    simsFailed: integer("sims_failed").notNull().default(0),
    /** Rows written so far while importing, for the progress bar. */
    processedRows: integer("processed_rows").notNull().default(0),
    error: text("error"),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    /** Stamped by every committed chunk: an import that stops beating was cut off and may be resumed. */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** Set by Cancel while the import runs: its worker stops after the chunk it is writing. */
    cancelRequestedAt: timestamp("cancel_requested_at", { withTimezone: true }),
    /**
     * Written by each claim: a chunk commits only while the import still carries its worker's
     * token, so a worker whose job expired (and was retried elsewhere) cannot write a row twice.
     */
    claimToken: uuid("claim_token"),
    /** A rollback is an import of its own: the completed import it undid (at most one rollback each). */
    rollbackOf: uuid("rollback_of").references((): AnyPgColumn => imports.id, { onDelete: "set null" }),
  },
  (t) => [index("imports_org_created_idx").on(t.organizationId, t.createdAt), uniqueIndex("imports_rollback_of_uq").on(t.rollbackOf), index("imports_org_sha_idx").on(t.organizationId, t.fileSha256)],
);

export type { RowIssue };

export const importRows = pgTable(
  "import_rows",
  {
    id: id(),
    importId: uuid("import_id")
      .notNull()
      .references(() => imports.id, { onDelete: "cascade" }),
    /** The line as the user sees it in Excel or a text editor. */
    line: integer("line").notNull(),
    operation: operationEnum("operation").notNull(),
    deviceKey: text("device_key"),
    /** The cells as read, by column name: what the grid shows and edits. */
    cells: jsonb("cells").$type<Record<string, string>>().notNull(),
    errors: jsonb("errors").$type<RowIssue[]>().notNull().default([]),
    warnings: jsonb("warnings").$type<RowIssue[]>().notNull().default([]),
    /** Cells read as something other than their text ("yes" as true, a date cell), shown in the grid. */
    conversions: jsonb("conversions").$type<Conversion[]>().notNull().default([]),
    outcome: rowOutcomeEnum("outcome").notNull().default("pending"),
    outcomeMessage: text("outcome_message"),
    /** Why a row failed at commit, as a machine code (DEVICE_KEY_TAKEN, STALE_DEVICE, VALUE_TOO_LONG, …); null otherwise. */
    outcomeCode: text("outcome_code"),
    deviceId: uuid("device_id"),
    assetId: text("asset_id"),
    /** A device secret generated by this import, encrypted, until the one download that shows it. */
    secretOnce: text("secret_once"),
    /** The row's password cells (masked in `cells`), sealed, until the import has run. */
    sealedCells: text("sealed_cells"),
    /** A valid row's checked change (passwords left out) and its columns: what the commit writes. */
    checked: jsonb("checked").$type<StoredCheck>(),
    /** The passwords of that change, sealed, until the import has run. */
    sealedChange: text("sealed_change"),
    /**
     * Update, delete and credential rows: the target device as it was when staged (every column,
     * credential hashes and sealed secret included, its SIM, external ids, group path and version).
     * Never sent to a page or a response; the preview shows `changes`, derived from it.
     */
    beforeImage: jsonb("before_image").$type<BeforeImage>(),
    /** What the row will change (before → after per field, what a delete removes), shown before confirm. */
    changes: jsonb("changes").$type<RowChanges>(),
    /** The device's version once this row was written: a rollback leaves a device changed since alone. */
    afterVersion: integer("after_version"),
    /** Removed from the import by the user in the preview (outcome skipped, "Removed by user"). */
    removed: boolean("removed").notNull().default(false),
  },
  (t) => [
    uniqueIndex("import_rows_import_line_uq").on(t.importId, t.line),
    // The preview's default order (invalid rows first, then by line) read straight off an index, so
    // that a window deep into a 100,000-row import costs an index scan, not a sort.
    index("import_rows_preview_idx").on(t.importId, sql`(jsonb_array_length(${t.errors}) > 0) DESC`, t.line),
    // An edit checks again only the rows that share a key (in any letter case) with the rows it changed.
    index("import_rows_import_key_idx").on(t.importId, sql`lower(${t.deviceKey})`),
  ],
);

/**
 * The one edit of a staged import that can be undone: every row it changed, as it was before.
 * A new edit replaces it and undoing drops it; once the import is confirmed it no longer applies.
 */
export const importUndo = pgTable("import_undo", {
  importId: uuid("import_id")
    .primaryKey()
    .references(() => imports.id, { onDelete: "cascade" }),
  label: text("label").notNull(),
  rows: jsonb("rows").$type<UndoRow[]>().notNull(),
  createdAt: createdAt(),
});
export type UndoRow = { line: number; cells: Record<string, string>; sealedCells: string | null; removed: boolean; errors: RowIssue[] };

/**
 * How an organization maps another system's export onto a product's template, remembered by the
 * export's set of column names so that the same export maps itself next time.
 */
export const columnMappings = pgTable(
  "column_mappings",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** The normalized column names, sorted and joined (`headerSignature`); hashed for the index. */
    headerHash: text("header_hash").notNull(),
    header: jsonb("header").$type<string[]>().notNull(),
    mapping: jsonb("mapping").$type<RememberedMapping>().notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("column_mappings_org_product_header_uq").on(t.organizationId, t.productId, t.headerHash)],
);

export const devices = pgTable(
  "devices",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    /** Platform-generated identifier returned by the EnOS API. */
    assetId: text("asset_id").notNull().unique(),
    deviceKey: text("device_key").notNull(),
    name: text("name").notNull(),
    nameI18n: jsonb("name_i18n").$type<Record<string, string>>().notNull().default({}),
    timezone: text("timezone").notNull(),
    description: text("description"),
    /** Values of the model's attributes, checked against it before they get here. */
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    /** EnOS deviceTags: a string map. */
    tags: jsonb("tags").$type<Record<string, string>>().notNull().default({}),
    /** CSV "Tags" column: a plain list. */
    labels: text("labels").array().notNull().default(sql`'{}'::text[]`),
    /** Cumulocity custom fragments and CSV metadata: free-form, nested. */
    properties: jsonb("properties").$type<Record<string, unknown>>().notNull().default({}),
    type: text("type"),
    serialNumber: text("serial_number"),
    location: text("location"),
    cellNumber: text("cell_number"),
    configId: text("config_id"),
    integrationId: text("integration_id"),
    cloudIntegrationId: text("cloud_integration_id"),
    heartbeatPeriod: integer("heartbeat_period"),
    heartbeatValues: text("heartbeat_values"),
    parentDeviceId: uuid("parent_device_id").references((): AnyPgColumn => devices.id, { onDelete: "set null" }),
    active: boolean("active").notNull().default(true),
    enforceSecureMqtt: boolean("enforce_secure_mqtt"),
    groupId: uuid("group_id").references(() => deviceGroups.id, { onDelete: "set null" }),
    /** Device secret (EnOS), AES-GCM encrypted: the platform must present it back to sign. */
    secretEncrypted: text("secret_encrypted"),
    /** Cumulocity CREDENTIALS, MQTT and SMS passwords: only ever compared, so hashed. */
    credentialsHash: text("credentials_hash"),
    mqttPasswordHash: text("mqtt_password_hash"),
    smsPasswordHash: text("sms_password_hash"),
    status: deviceStatusEnum("status").notNull().default("inactive"),
    importId: uuid("import_id").references(() => imports.id, { onDelete: "set null" }),
    /** Raised by a trigger on every UPDATE: staged rows and rollbacks compare it to see a device changed since. */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("devices_org_key_uq").on(t.organizationId, t.deviceKey),
    index("devices_product_created_idx").on(t.productId, t.createdAt),
    index("devices_import_idx").on(t.importId),
  ],
);

/** (type, value) is unique per organization; Cumulocity's default type is c8y_Serial. */
export const externalIds = pgTable(
  "external_ids",
  {
    id: id(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    deviceId: uuid("device_id")
      .notNull()
      .references(() => devices.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    value: text("value").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("external_ids_org_type_value_uq").on(t.organizationId, t.type, t.value),
    index("external_ids_device_idx").on(t.deviceId),
  ],
);

/** A SIM belongs to one device and goes when the device goes. ICCID is unique platform-wide. */
export const sims = pgTable("sims", {
  id: id(),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" }),
  deviceId: uuid("device_id")
    .notNull()
    .unique()
    .references(() => devices.id, { onDelete: "cascade" }),
  iccid: text("iccid").notNull().unique(),
  msisdn: text("msisdn"),
  communicationPlan: text("communication_plan"),
  ratePlan: text("rate_plan"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type Organization = typeof organizations.$inferSelect;
export type User = typeof users.$inferSelect;
export type Role = (typeof roleEnum.enumValues)[number];
export type Product = typeof products.$inferSelect;
export type Model = typeof models.$inferSelect;
export type Device = typeof devices.$inferSelect;
export type Import = typeof imports.$inferSelect;
