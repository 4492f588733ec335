import { deviceCsvColumns } from "./dialects/device-csv";
import { csvText } from "./reports/csv-text";

/** Example files for the CSV dialects, filled in for the organization and product at hand. */
export function exampleFile(dialect: "c8y_bulk" | "device_csv", { organization, productKey }: { organization: string; productKey: string }) {
  if (dialect === "c8y_bulk") {
    // Seed 002's own example rows (semicolon-separated, as Cumulocity writes them).
    const text = [
      "ID;CREDENTIALS;TYPE;NAME;ICCID;IDTYPE;PATH;SHELL",
      "id_101;abcd1234;type_of_device;Device 101;111111111;;csv device/subgroup0;1",
      "id_102;abcd1234;type_of_device;Device 102;222222222;;csv device/subgroup0;0",
      "id_111;abcd1234;type_of_device;Device 111;333333333;c8y_Imei;csv device1/subgroup1;0",
    ].join("\r\n");
    return { name: "cumulocity-bulk-registration-example.csv", text: `${text}\r\n` };
  }
  const row = (cells: Partial<Record<(typeof deviceCsvColumns)[number], string>>) => deviceCsvColumns.map((c) => cells[c] ?? "");
  const base = { "Account ID": organization, "Device Type ID": productKey, "Heartbeat Period (second)": "60" } as const;
  return {
    name: "device-csv-example.csv",
    text: csvText([
      [...deviceCsvColumns],
      row({ ...base, "Device Name": "Gateway 1", "Device Unique ID": "AA:BB:CC:00:00:01", Tags: "roof;north", Metadata: "site:Berlin;floor:3", "ICCID (SIM)": "89883030001234567890", "MSISDN (SIM)": "+4915112345678" }),
      row({ ...base, "Device Name": "Gateway 2", "Device Unique ID": "AA:BB:CC:00:00:02", Active: "false" }),
    ]),
  };
}
