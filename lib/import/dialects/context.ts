import type { ImportLimits } from "../limits";
import type { ModelAttribute } from "../model";

/** What a dialect needs to know about where the file goes. */
export type ImportContext = {
  organization: { id: string; slug: string; name: string };
  /** The product picked in the console (or named by an API call): required for the EnOS template. */
  product?: { productKey: string; name: string; modelName: string; attributes: ModelAttribute[] };
  /** Cumulocity bulk registration: the product of rows whose TYPE names no product (the organization's setting). */
  registrationProductKey?: string | null;
  /** Every product of the organization with its model: EnOS API items each name their own product. */
  catalog?: Record<string, { name: string; modelName: string; attributes: ModelAttribute[] }>;
  /** Cumulocity's "management tenant": may name the target organization per row. */
  isPlatformAdmin: boolean;
  limits: ImportLimits;
  /** Device caps of the organization (seed 000's "upper limit is reached"). */
  caps: { devicesPerProduct: number; devicesPerOrganization: number };
};
