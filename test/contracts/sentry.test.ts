// Sentry: adoption discovery against Sentry's description (getsentry/sentry-api-schema a589a26,
// extract in contracts/descriptions/sentry.json).
import { SENTRY_DISCOVERY_CALLS } from "../../adopt/sentry";
import { SENTRY_RELEASE_CALLS } from "../../pipeline/sentry-release";
import { restContract } from "./support/vendor";

restContract("sentry", {
  "adopt/sentry.ts": SENTRY_DISCOVERY_CALLS,
  "pipeline/sentry-release.ts": SENTRY_RELEASE_CALLS,
});
