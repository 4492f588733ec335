/** Texts longer than this are rarely repeated down a column (keys, names, notes): never pooled. */
const MAX_POOLED_CHARS = 40;
/** Distinct texts kept per column, and in all: bounded whatever the file. */
const MAX_PER_COLUMN = 256;
const MAX_IN_ALL = 8192;

/**
 * The short texts already read in each column, so that a value repeated down a column ("Sungrow",
 * "true", "2026-01-15") is kept as one string, not once per row: 100,000 rows would otherwise keep a
 * few million copies, and every copy is work for the garbage collector. A string's identity cannot be
 * observed, so rows read through a pool equal rows read without one.
 */
export class TextPool {
  private readonly columns: (Map<string, string> | undefined)[] = [];
  private size = 0;

  /** How many texts the pool holds. */
  get kept() {
    return this.size;
  }

  keep(column: number, text: string): string {
    if (text.length > MAX_POOLED_CHARS) return text;
    let pool = this.columns[column];
    if (!pool) {
      if (this.size >= MAX_IN_ALL) return text;
      pool = this.columns[column] = new Map();
    }
    const seen = pool.get(text);
    if (seen !== undefined) return seen;
    if (pool.size < MAX_PER_COLUMN && this.size < MAX_IN_ALL) {
      pool.set(text, text);
      this.size++;
    }
    return text;
  }
}
