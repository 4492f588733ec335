import { z } from "zod";

/** Data types a model attribute can have; the database enum is built from this list. */
export const dataTypes = ["int", "float", "double", "bool", "string", "enum", "date", "timestamp"] as const;
export type DataType = (typeof dataTypes)[number];

/** One typed attribute of a product's model, as the template and the validator see it. */
export const modelAttributeSchema = z.object({
  identifier: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "identifier: a letter, then letters, digits or _"),
  name: z.string().min(1).max(64),
  dataType: z.enum(dataTypes),
  required: z.boolean(),
  unit: z.string().max(16).optional(),
  description: z.string().max(200).optional(),
  /** string: maximum length in characters. */
  maxLength: z.number().int().positive().optional(),
  /** enum: the allowed values, in the order the drop-down shows them. */
  enumValues: z.array(z.string().min(1)).min(1).optional(),
  /** int, float, double: inclusive bounds. */
  min: z.number().optional(),
  max: z.number().optional(),
});
export type ModelAttribute = z.infer<typeof modelAttributeSchema>;

export const modelAttributesSchema = z
  .array(modelAttributeSchema)
  .superRefine((attributes, ctx) => {
    const seen = new Set<string>();
    for (const [index, attribute] of attributes.entries()) {
      if (seen.has(attribute.identifier.toLowerCase())) {
        ctx.addIssue({ code: "custom", path: [index, "identifier"], message: `duplicate attribute "${attribute.identifier}"` });
      }
      seen.add(attribute.identifier.toLowerCase());
      if (attribute.dataType === "enum" && !attribute.enumValues) {
        ctx.addIssue({ code: "custom", path: [index, "enumValues"], message: "an enum attribute needs its values" });
      }
    }
  });

/** A device is incomplete while it lacks a value for a required attribute of its model (created through a dialect that cannot carry them). */
export const missingRequiredAttributes = (attributes: ModelAttribute[], values: Record<string, unknown>) =>
  attributes.filter((a) => a.required && (!Object.hasOwn(values, a.identifier) || values[a.identifier] === null || values[a.identifier] === "")).map((a) => a.name || a.identifier);
