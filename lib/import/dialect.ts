/** The file and request shapes the core recognises (see shared/seeds). */
export const dialects = [
  "enos_template", // seed 000: the .xlsx template of one product
  "enos_api", // seed 001: JSON batchCreate
  "c8y_bulk", // seed 002: Cumulocity bulk registration CSV
  "device_csv", // seed 003: the 21/25-column create/update/delete CSV
] as const;
export type Dialect = (typeof dialects)[number];
