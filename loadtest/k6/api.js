// Load test of the NeuroPilot API (the seeds: 100 virtual users for 60 s; p95 under
// 400 ms and under 5% errors). Each iteration reads the health endpoint and a couple of
// read endpoints, then pauses about a second, like a user browsing inventory.
//
//   BASE_URL=https://api-staging.neuropilot.ai k6 run loadtest/k6/api.js
//
// Environment: BASE_URL (required), HEALTH_PATH (/health), READ_PATHS (comma-separated
// read endpoints of the backend), API_TOKEN (sent as a Bearer token when set), PROFILE
// (1x: the seeds' 100 VUs; 10x: 1,000 VUs, the v18 "10× load test"), VUS (overrides the
// profile's count), DURATION (60s), P95_MS (400), MAX_ERROR_RATE (0.05), SUMMARY_PATH
// (summary.json). `npm run analyze-bench -- summary.json` reads the summary this writes;
// the profile is recorded in it (`neuropilot.profile`) so runs compare within a profile.
import http from "k6/http";
import { check, sleep } from "k6";
import { Counter } from "k6/metrics";

const BASE_URL = (__ENV.BASE_URL || "").replace(/\/+$/, "");
if (!BASE_URL) throw new Error("set BASE_URL, e.g. BASE_URL=https://api-staging.neuropilot.ai");
const HEALTH_PATH = __ENV.HEALTH_PATH || "/health";
const READ_PATHS = (__ENV.READ_PATHS || "/api/products?limit=20,/api/inventory/summary")
  .split(",")
  .map((p) => p.trim())
  .filter(Boolean);
const SUMMARY_PATH = __ENV.SUMMARY_PATH || "summary.json";

// The seed profile and ten times it: the multiplier scales the virtual users, so each user
// still browses at the same pace (the load per user, and the per-VU throughput budget, hold).
const PROFILES = { "1x": 100, "10x": 1000 };
const PROFILE = __ENV.PROFILE || "1x";
if (!Object.prototype.hasOwnProperty.call(PROFILES, PROFILE))
  throw new Error(`PROFILE must be one of ${Object.keys(PROFILES).join(", ")}, got ${PROFILE}`);

// 429s from the edge's rate limiting (cloudflare.rateLimit.api: per IP on /api/*): counted
// apart so the analysis can tell "rate-limited load generator" from "slow backend".
const rateLimited = new Counter("rate_limited");

export const options = {
  vus: Number(__ENV.VUS || PROFILES[PROFILE]),
  duration: __ENV.DURATION || "60s",
  thresholds: {
    http_req_duration: [`p(95)<${Number(__ENV.P95_MS || 400)}`],
    http_req_failed: [`rate<${Number(__ENV.MAX_ERROR_RATE || 0.05)}`],
  },
  // p(99) is not in k6's defaults; the analysis reports it.
  summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"],
  // A named client: the WAF challenges empty and HTTP-library user agents.
  userAgent: "neuropilot-loadtest/1.0 (k6)",
};

const headers = __ENV.API_TOKEN ? { Authorization: `Bearer ${__ENV.API_TOKEN}` } : {};

function get(path, name) {
  const response = http.get(`${BASE_URL}${path}`, { headers, tags: { name } });
  if (response.status === 429) rateLimited.add(1);
  return response;
}

export default function () {
  const health = get(HEALTH_PATH, "health");
  check(health, { "health is 200": (r) => r.status === 200 });
  for (const path of READ_PATHS) {
    const response = get(path, path.split("?")[0]);
    check(response, { "read is 2xx": (r) => r.status >= 200 && r.status < 300 });
  }
  sleep(0.5 + Math.random());
}

// The handleSummary `data` object, as k6 passes it, plus a short line on stdout.
export function handleSummary(data) {
  const duration = data.metrics.http_req_duration;
  const p95 = duration && duration.values["p(95)"];
  const line = `p95=${p95 === undefined ? "n/a" : p95.toFixed(1)}ms; full summary in ${SUMMARY_PATH}\n`;
  const run = { profile: PROFILE, vus: options.vus, duration: options.duration };
  return { stdout: line, [SUMMARY_PATH]: JSON.stringify({ ...data, neuropilot: run }, null, 2) };
}
