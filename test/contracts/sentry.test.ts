// Sentry: adoption discovery against Sentry's description (getsentry/sentry-api-schema a589a26,
// extract in contracts/descriptions/sentry.json).
import { SENTRY_DISCOVERY_CALLS, SENTRY_RELEASE_CALLS } from "../../vendors/sentry";
import { restContract } from "./support/vendor";

restContract("sentry", {
  "vendors/sentry.ts (discovery)": SENTRY_DISCOVERY_CALLS,
  "vendors/sentry.ts (release)": SENTRY_RELEASE_CALLS,
});
