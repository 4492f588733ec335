/** The organization's limits as the core needs them (defaults match the schema's). */
export type ImportLimits = {
  maxBytes: number;
  maxRows: number;
  /** .xlsx only: checked on the zip's directory before anything is inflated. */
  maxZipEntries: number;
  maxUncompressedBytes: number;
  maxCompressionRatio: number;
  /** Levels in a group path ("a/b/c" is 3). */
  maxGroupDepth: number;
};

export const defaultLimits: ImportLimits = {
  maxBytes: 2 * 1024 * 1024,
  maxRows: 1000,
  maxZipEntries: 1000,
  maxUncompressedBytes: 64 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxGroupDepth: 10,
};

/** Limits for an organization's byte and row caps; the zip caps scale with the byte cap. */
export function limitsFor({ maxBytes, maxRows, maxGroupDepth = defaultLimits.maxGroupDepth }: { maxBytes: number; maxRows: number; maxGroupDepth?: number }): ImportLimits {
  return { ...defaultLimits, maxBytes, maxRows, maxGroupDepth, maxUncompressedBytes: Math.max(defaultLimits.maxUncompressedBytes, maxBytes * 32) };
}

export const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
