import type { NextConfig } from "next";
import { LARGEST_BODY_BYTES } from "./lib/http/largest-body";

const nextConfig: NextConfig = {
  // PGlite ships WASM and a data-dir loader that must not be bundled; pg-boss is loaded as Node has it.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss"],
  poweredByHeader: false,
  experimental: {
    // No action carries a file (uploads go to a route handler): a form is small. proxy.ts answers
    // an over-limit action with a clear 413 (lib/http/action-body-limit.ts) before Next.js's 500.
    serverActions: { bodySizeLimit: "1mb" },
    // proxy.ts makes Next.js buffer each request's body; past this it would pass routes only the
    // first part of it (10 MB by default), silently. As large as the largest upload an organization may allow.
    proxyClientMaxBodySize: LARGEST_BODY_BYTES,
    // forbidden(): a viewer on an admin-only page gets a 403 page, not a redirect.
    authInterrupts: true,
  },
};

export default nextConfig;
