// Neon: adoption discovery, the Worker's consumption request and the restore drill's branch calls against Neon's description
// (@neondatabase/api-client 2.7.3, extract in contracts/descriptions/neon.json).
import { NEON_DISCOVERY_CALLS } from "../../vendors/neon/discovery";
import { NEON_DRILL_CALLS } from "../../vendors/neon/branches";
import { NEON_USAGE_CALLS } from "../../workers/autoheal/src/telemetry/usage";
import { restContract } from "./support/vendor";

restContract("neon", {
  "vendors/neon/discovery.ts": NEON_DISCOVERY_CALLS,
  "workers telemetry/usage.ts": NEON_USAGE_CALLS,
  "vendors/neon/branches.ts": NEON_DRILL_CALLS,
});
