/** The largest file an organization may be allowed (its "Bytes per file" setting cannot exceed it). */
export const MAX_BYTES_PER_FILE = 50 * 1024 * 1024;

/** What a multipart envelope (boundaries, part headers, a product key) adds to the file it carries. */
export const ENVELOPE_BYTES = 64 * 1024;

/**
 * The largest request body any route takes. Next.js buffers a request's body for proxy.ts and,
 * past its own default of 10 MB, silently hands the route only the first 10 MB (next.config.ts
 * raises it to this): a 12 MB upload allowed by the organization read as a broken file.
 */
export const LARGEST_BODY_BYTES = MAX_BYTES_PER_FILE + ENVELOPE_BYTES;
