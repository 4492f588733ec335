import { eq, sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { importRows, imports, organizations, products, users } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { inverterAttributes } from "@/lib/import/__fixtures__/context";
import { templateColumns } from "@/lib/import/template-columns";

const TZ_ERROR = 'Time Zone "+25:00" is not a UTC offset between -12:00 and +14:00 or a city time zone (e.g. +08:00 or Europe/Berlin)';

/**
 * A staged import of `count` template rows (every 10th with a bad time zone), written straight into
 * the PGlite folder before the server opens it: the preview is what is timed, not reading the file.
 */
export async function stageBigImport(dataDir: string, count: number): Promise<string> {
  const database = await openDatabase({ dataDir });
  try {
    await migrateDatabase(database);
    await seedDemoData(database.db);
    const { db } = database;
    const [org] = await db.select().from(organizations).where(eq(organizations.slug, "acme"));
    const [product] = await db.select().from(products).where(eq(products.productKey, "INV5K"));
    const [admin] = await db.select().from(users).where(eq(users.email, "admin@example.com"));
    const header = templateColumns(inverterAttributes).map((c) => c.header);
    const invalid = Math.floor(count / 10);
    const [created] = await db
      .insert(imports)
      .values({ organizationId: org!.id, productId: product!.id, userId: admin!.id, source: "console", dialect: "enos_template", fileName: `staged-${count}.xlsx`, header, headerLine: 1, totalRows: count, validRows: count - invalid, invalidRows: invalid })
      .returning({ id: imports.id });
    await db.execute(sql`
      INSERT INTO ${importRows} (import_id, line, operation, device_key, cells, errors, warnings)
      SELECT ${created!.id}, g + 2, 'create', 'BIG-' || lpad(g::text, 6, '0'),
        jsonb_build_object('DeviceKey', 'BIG-' || lpad(g::text, 6, '0'), 'Device Name', 'Inverter ' || g, 'Time Zone', CASE WHEN g % 10 = 0 THEN '+25:00' ELSE '+08:00' END,
          'Rated Power', '5', 'MPPT Count', '2', 'Manufacturer', 'Sungrow', 'Firmware Version', '1.0', 'Phase', 'three', 'Efficiency', '97.5', 'Grid Connected', 'true', 'Commission Date', '2026-01-15'),
        CASE WHEN g % 10 = 0 THEN jsonb_build_array(jsonb_build_object('column', 'Time Zone', 'code', 'TIMEZONE_INVALID', 'message', ${TZ_ERROR}::text)) ELSE '[]'::jsonb END,
        '[]'::jsonb
      FROM generate_series(1, ${count}) AS g`);
    return created!.id;
  } finally {
    await database.close();
  }
}
