import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and a data-dir loader that must not be bundled.
  serverExternalPackages: ["@electric-sql/pglite"],
  poweredByHeader: false,
  experimental: {
    // A 10,000-row template is about 1.9 MB; the default 1 MB would refuse it.
    serverActions: { bodySizeLimit: "8mb" },
    // forbidden(): a viewer on an admin-only page gets a 403 page, not a redirect.
    authInterrupts: true,
  },
};

export default nextConfig;
