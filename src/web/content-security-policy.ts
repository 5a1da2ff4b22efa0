/**
 * The pages' policy: scripts and styles only from this service (inline styles are allowed for the
 * SVG diagram's attributes), no plugins, no framing. The pages are built to run under it, and the
 * shell sends it itself so that holds however the service is deployed.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
