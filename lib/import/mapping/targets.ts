import type { ModelAttribute } from "../model";
import { templateColumns } from "../template-columns";

/** A column of the product template that a file column can be mapped to. */
export type MappingTarget = {
  /** "deviceKey", "name", "timezone", or "attr.<identifier>". */
  id: string;
  /** The template's header for it: what the mapped sheet is given. */
  header: string;
  required: boolean;
  /** Other names people give this column, compared after normalizing. */
  synonyms: string[];
  attribute?: ModelAttribute;
};

const fixedSynonyms: Record<string, string[]> = {
  deviceKey: ["device key", "key", "device id", "id", "serial", "serial number", "serial no", "sn", "unique id", "device unique id", "uid", "imei", "mac", "mac address", "hardware id", "asset id", "identifier"],
  name: ["name", "device name", "display name", "label", "title", "device", "description name"],
  timezone: ["time zone", "timezone", "tz", "zone", "iana zone", "utc offset", "offset", "time zone id"],
};

/** The template's columns as mapping targets, in template order. */
export function mappingTargets(attributes: ModelAttribute[]): MappingTarget[] {
  return templateColumns(attributes).map((column) =>
    column.kind === "fixed"
      ? { id: column.field, header: column.header, required: true, synonyms: fixedSynonyms[column.field] ?? [] }
      : { id: `attr.${column.attribute.identifier}`, header: column.header, required: column.required, synonyms: [column.attribute.identifier], attribute: column.attribute },
  );
}
