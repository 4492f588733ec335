import { z } from "zod";
import { dialectEnum, importSourceEnum, importStatusEnum } from "@/db/schema";

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (first(v) === "" ? undefined : first(v)), schema.optional().catch(undefined));
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)));

/**
 * The history's filters, read from the URL (tablecn style: the URL is the state, so a filtered
 * view can be shared and survives a reload); a bad value is dropped, never an error page.
 */
export const importHistoryQuerySchema = z.object({
  status: optional(z.enum(importStatusEnum.enumValues)),
  source: optional(z.enum(importSourceEnum.enumValues)),
  format: optional(z.enum(dialectEnum.enumValues)),
  product: optional(z.string().trim().min(1).max(64)),
  /** A user's or a service account's id: whoever started the import. */
  user: optional(z.uuid()),
  /** Inclusive days, UTC, YYYY-MM-DD. */
  from: optional(day),
  to: optional(day),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(10_000).catch(1)).default(1),
});
export type ImportHistoryQuery = z.infer<typeof importHistoryQuerySchema>;
export type ImportHistoryFilters = Omit<ImportHistoryQuery, "page">;

export const historyFilterKeys = ["status", "source", "format", "product", "user", "from", "to"] as const satisfies (keyof ImportHistoryFilters)[];
