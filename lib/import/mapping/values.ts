import { attributeCheck, checkDeviceKey, checkTemplateBoolean, checkTimeZone } from "../validate/fields";
import type { MappingTarget } from "./targets";

/** 18–22 digits starting 89 (ITU-T E.118): a SIM's ICCID, never a device name or time zone. */
export const ICCID = /^89\d{16,20}$/;

/** Share of the non-blank sample values that the target accepts as they are (0 when there are none). */
export function valueFit(samples: string[], target: MappingTarget): number {
  const given = samples.map((s) => s.trim()).filter((s) => s !== "");
  if (given.length === 0) return 0;
  // The checks the mapped file will meet: the template's (yes/no are booleans there).
  const attribute = target.attribute;
  const check =
    target.id === "deviceKey" ? checkDeviceKey : target.id === "timezone" ? checkTimeZone : attribute ? (attribute.dataType === "bool" ? checkTemplateBoolean : attributeCheck(attribute)) : null;
  if (!check) return 0;
  return given.filter((v) => "value" in check(v, target.header)).length / given.length;
}

/**
 * Whether values alone say what a column is: time zones, enum values, dates, timestamps and
 * booleans are distinctive; free text, keys and numbers fit too many columns to decide by values.
 * ICCIDs are recognised so that a SIM column is not taken for the device key.
 */
export function distinctiveFor(target: MappingTarget): boolean {
  if (target.id === "timezone") return true;
  const type = target.attribute?.dataType;
  return type === "enum" || type === "date" || type === "timestamp" || type === "bool";
}

export const looksLikeIccids = (samples: string[]) => {
  const given = samples.map((s) => s.trim()).filter((s) => s !== "");
  return given.length > 0 && given.every((v) => ICCID.test(v));
};
