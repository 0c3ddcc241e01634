import type { NextConfig } from 'next';

// /api/* is proxied to the API by app/api/[...path]/route.ts, not by `rewrites()`: Next.js writes rewrite
// destinations into the build output, so a rewrite would fix API_ORIGIN at build time instead of at start.
const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
