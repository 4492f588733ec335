import type { Conversion } from "./conversion";
import type { RowIssue } from "./issue";

/** What a row of a file (or an item of an API call) asks for. */
export const operations = ["create", "update", "delete", "upsert_credentials"] as const;
export type Operation = (typeof operations)[number];

export type SimChange = { iccid: string; msisdn?: string; communicationPlan?: string; ratePlan?: string };
export type ExternalId = { type: string; value: string };

/**
 * The checked fields of one device command. A field left out is "not given": an update keeps the
 * stored value (tags and metadata included, per seed 003); a create uses the default.
 */
export type DeviceChange = {
  deviceKey: string;
  productKey?: string;
  /** Account ID (seed 003) or TENANT (seed 002): the organization the row targets. */
  organization?: string;
  name?: string;
  nameI18n?: Record<string, string>;
  timezone?: string;
  description?: string;
  attributes?: Record<string, string | number | boolean>;
  tags?: Record<string, string>;
  labels?: string[];
  properties?: Record<string, unknown>;
  type?: string;
  serialNumber?: string;
  location?: string;
  /** Seed 003: 0 means "not set", stored as null. */
  heartbeatPeriod?: number | null;
  heartbeatValues?: string;
  cellNumber?: string;
  smsPassword?: string;
  configId?: string;
  active?: boolean;
  integrationId?: string;
  cloudIntegrationId?: string;
  parentDeviceKey?: string;
  enforceSecureMqtt?: boolean;
  mqttPassword?: string;
  credentials?: string;
  externalIds?: ExternalId[];
  groupPath?: string;
  sim?: SimChange;
};

/** One row after its dialect read it and its own cells were checked. */
export type RowResult = {
  line: number;
  operation: Operation;
  /** The cells as read, by column header: what the preview grid shows and edits. */
  cells: Record<string, string>;
  /** null when the row has errors. */
  change: DeviceChange | null;
  deviceKey: string | null;
  errors: RowIssue[];
  warnings: RowIssue[];
  /** Cells whose value was converted from what the file wrote (shown in the grid). */
  conversions: Conversion[];
  /** Columns by field, for messages of later checks ("deviceKey" → "DeviceKey"). */
  columns: Partial<Record<keyof DeviceChange, string>>;
};
