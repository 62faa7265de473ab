// Cloudflare: adoption discovery, the Worker secrets, the Worker's cache purge, the failover drill's pools and the
// rollout's steering against Cloudflare's description (npm cloudflare 7.3.0, extract in
// contracts/descriptions/cloudflare.json).
import { CLOUDFLARE_DISCOVERY_CALLS } from "../../vendors/cloudflare/discovery";
import { CLOUDFLARE_ROLLOUT_CALLS } from "../../vendors/cloudflare/load-balancers";
import { CLOUDFLARE_DRILL_CALLS } from "../../vendors/cloudflare/pools";
import { WORKER_SECRETS_CALLS } from "../../vendors/cloudflare/worker-secrets";
import { CLOUDFLARE_PURGE_CALLS } from "../../workers/autoheal/src/cloudflare";
import { restContract } from "./support/vendor";

restContract("cloudflare", {
  "vendors/cloudflare/discovery.ts": CLOUDFLARE_DISCOVERY_CALLS,
  "vendors/cloudflare/worker-secrets.ts": WORKER_SECRETS_CALLS,
  "workers cloudflare.ts": CLOUDFLARE_PURGE_CALLS,
  "vendors/cloudflare/pools.ts": CLOUDFLARE_DRILL_CALLS,
  "vendors/cloudflare/load-balancers.ts": CLOUDFLARE_ROLLOUT_CALLS,
});
