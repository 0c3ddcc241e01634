import type { NextConfig } from 'next';

// /api/* is proxied to the API by app/api/[...path]/route.ts, not by `rewrites()`: Next.js writes rewrite
// destinations into the build output, so a rewrite would fix API_ORIGIN at build time instead of at start.
const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The CSP (with its per-request nonce) is set in proxy.ts; these are the static security headers.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
