/** What a row of a file (or an item of an API call) asks for. */
export const operations = ["create", "update", "delete", "upsert_credentials"] as const;
export type Operation = (typeof operations)[number];
