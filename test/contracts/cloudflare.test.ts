// Cloudflare: adoption discovery, the Worker secrets and the Worker's cache purge against
// Cloudflare's description (npm cloudflare 7.3.0, extract in contracts/descriptions/cloudflare.json).
import { CLOUDFLARE_DISCOVERY_CALLS } from "../../adopt/cloudflare";
import { WORKER_SECRETS_CALLS } from "../../pipeline/worker-secrets";
import { CLOUDFLARE_PURGE_CALLS } from "../../workers/autoheal/src/cloudflare";
import { restContract } from "./support/vendor";

restContract("cloudflare", {
  "adopt/cloudflare.ts": CLOUDFLARE_DISCOVERY_CALLS,
  "pipeline/worker-secrets.ts": WORKER_SECRETS_CALLS,
  "workers cloudflare.ts": CLOUDFLARE_PURGE_CALLS,
});
