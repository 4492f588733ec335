import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and a data-dir loader that must not be bundled; pg-boss is loaded as Node has it.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss"],
  poweredByHeader: false,
  experimental: {
    // No action carries a file (uploads go to a route handler): a form is small. proxy.ts answers
    // an over-limit action with a clear 413 (lib/http/action-body-limit.ts) before Next.js's 500.
    serverActions: { bodySizeLimit: "1mb" },
    // forbidden(): a viewer on an admin-only page gets a 403 page, not a redirect.
    authInterrupts: true,
  },
};

export default nextConfig;
