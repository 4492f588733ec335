/**
 * A device as it was when a row was staged: the rows of `devices`, `sims` and `external_ids` as
 * PostgreSQL's to_jsonb gives them (snake_case, every column, so that a restore misses none), plus
 * names the preview needs. Holds credential hashes and the sealed secret: never leaves the server.
 */
export type BeforeImage = {
  version: number;
  device: Record<string, unknown> & { id: string; device_key: string; group_id: string | null; parent_device_id: string | null };
  sim: Record<string, unknown> | null;
  externalIds: Record<string, unknown>[];
  productKey: string;
  groupPath: string | null;
  parentDeviceKey: string | null;
};
