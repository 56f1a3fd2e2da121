import { createHash } from 'node:crypto';

/**
 * The status page's look: no script at all, one inline style sheet allowed by its hash, so the CSP
 * needs no 'unsafe-inline'. Every text colour keeps at least 4.5:1 on its background (axe-core,
 * tests/browser), the same shades as the badge; the uptime bars are non-text and only need to be
 * told apart. Every public HTML page (status, incident, subscription, manage) uses it and this CSP.
 */
export const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:0 auto;padding:1rem;color:#1d2433;background:#fff}
header{display:flex;justify-content:space-between;align-items:center}nav a{margin-left:.5rem}a{color:#1864ab}
.banner{padding:1rem;border-radius:.5rem;color:#fff;font-weight:600}.none{background:#2b7a3b}.minor{background:#8a5a00}
.major{background:#c2410c}.critical{background:#b91c1c}.maintenance{background:#1864ab}
ul{list-style:none;padding:0}li.c{border-bottom:1px solid #e9ecef;padding:.5rem 0}li.g>ul{padding-left:1rem}
.row{display:flex;justify-content:space-between;gap:.5rem;margin:0}h3.row{font-size:1.05rem;margin:.75rem 0 0}
.s-operational{color:#2b7a3b}.s-degraded_performance{color:#8a5a00}.s-partial_outage{color:#c2410c}.s-major_outage{color:#b91c1c}
.s-under_maintenance{color:#1864ab}.bars{display:flex;gap:1px;height:2rem;margin:.35rem 0 .1rem}.b{flex:1;border-radius:1px}
.d-operational{background:#3fa34d}.d-degraded_performance{background:#e0a800}.d-partial_outage{background:#e8590c}
.d-major_outage{background:#c92a2a}.d-under_maintenance{background:#1971c2}.small{font-size:.85rem}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
article{border-left:4px solid #ced4da;padding-left:1rem;margin:1rem 0}
.u{margin:.5rem 0}.u small,.muted{color:#5c636a}table{border-collapse:collapse}td,th{padding:.25rem .75rem;text-align:left}`;
export const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

export const CSP = [
  "default-src 'none'",
  `style-src '${STYLE_HASH}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
