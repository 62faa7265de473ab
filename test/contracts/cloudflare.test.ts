// Cloudflare: adoption discovery, the Worker secrets, the Worker's cache purge, the failover drill's pools and the
// rollout's steering against Cloudflare's description (npm cloudflare 7.3.0, extract in
// contracts/descriptions/cloudflare.json).
import { CLOUDFLARE_DISCOVERY_CALLS } from "../../adopt/cloudflare";
import { CLOUDFLARE_ROLLOUT_CALLS } from "../../ops/cloudflare-lb";
import { CLOUDFLARE_DRILL_CALLS } from "../../ops/drills/cloudflare-pools";
import { WORKER_SECRETS_CALLS } from "../../pipeline/apply/worker-secrets";
import { CLOUDFLARE_PURGE_CALLS } from "../../workers/autoheal/src/cloudflare";
import { restContract } from "./support/vendor";

restContract("cloudflare", {
  "adopt/cloudflare.ts": CLOUDFLARE_DISCOVERY_CALLS,
  "pipeline/apply/worker-secrets.ts": WORKER_SECRETS_CALLS,
  "workers cloudflare.ts": CLOUDFLARE_PURGE_CALLS,
  "ops/drills/cloudflare-pools.ts": CLOUDFLARE_DRILL_CALLS,
  "ops/cloudflare-lb.ts": CLOUDFLARE_ROLLOUT_CALLS,
});
