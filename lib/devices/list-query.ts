import { z } from "zod";

export const deviceSortColumns = ["deviceKey", "name", "timezone", "status", "createdAt"] as const;
export const pageSizes = [10, 25, 50, 100] as const;

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** Sort, filter and page of the devices grid, read from the URL; bad values fall back to defaults. */
export const deviceListQuerySchema = z.object({
  q: z.preprocess(first, z.string().trim().max(100).catch("")).default(""),
  sort: z.preprocess(first, z.enum(deviceSortColumns).catch("createdAt")).default("createdAt"),
  dir: z.preprocess(first, z.enum(["asc", "desc"]).catch("desc")).default("desc"),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000).catch(1)).default(1),
  size: z.preprocess(
    first,
    z.coerce
      .number()
      .refine((n): n is (typeof pageSizes)[number] => (pageSizes as readonly number[]).includes(n))
      .catch(25),
  ).default(25),
});
export type DeviceListQuery = z.infer<typeof deviceListQuerySchema>;
