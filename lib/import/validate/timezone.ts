/** IANA names known to this runtime, by lower case, so "asia/shanghai" reads as "Asia/Shanghai". */
const zones = new Map<string, string>(
  [...Intl.supportedValuesOf("timeZone"), "UTC"].map((zone) => [zone.toLowerCase(), zone]),
);

/** Every IANA zone and every offset the drop-down offers, in the template's order. */
export const utcOffsets: string[] = (() => {
  const list: string[] = [];
  for (let minutes = -12 * 60; minutes <= 14 * 60; minutes += 15) {
    const sign = minutes < 0 ? "-" : "+";
    const abs = Math.abs(minutes);
    if (abs % 60 !== 0 && abs % 60 !== 30 && abs % 60 !== 45) continue;
    list.push(`${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`);
  }
  return list;
})();
export const cityTimeZones = [...zones.values()].filter((z) => z.includes("/")).sort();

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** A UTC offset from -12:00 to +14:00 (minutes 00, 30 or 45), or an IANA city zone; canonical form or null. */
export function parseTimeZone(value: string): string | null {
  const offset = OFFSET.exec(value);
  if (offset) {
    const minutes = (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
    const validMinutes = ["00", "30", "45"].includes(offset[3]!);
    return validMinutes && minutes >= -12 * 60 && minutes <= 14 * 60 ? value : null;
  }
  return zones.get(value.toLowerCase()) ?? null;
}
