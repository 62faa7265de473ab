// Sentry API 0: numeric ids; a client key's DSN names the key, the org ingest host and the
// project. `dsn` is a map keyed public, secret, csp, security, minidump, nel, unreal, cdn,
// crons (jianyuan/sentry v0.15.4 docs/resources/key.md, providers/sentry.json sentry_key.dsn).
import type { CtyValue } from "../../cty";
import { type ServiceModel, digits, hex32, str } from "./model";

export const sentry: ServiceModel = {
  prefix: "sentry_",
  id: (c) =>
    c.type === "sentry_project" || c.type === "sentry_team"
      ? (str(c.known.slug) ?? digits(c.seed, 16))
      : digits(c.seed, 16),
  computed: (c, attribute) => {
    if (c.type !== "sentry_key") return attribute === "internal_id" ? digits(c.seed, 16) : undefined;
    const publicKey = hex32(`${c.seed} public`);
    const secret = hex32(`${c.seed} secret`);
    const dsn = `https://${publicKey}@o1.ingest.sentry.simulated/${digits(`${c.seed} project`, 16)}`;
    const host = "o1.ingest.sentry.simulated";
    const project = digits(`${c.seed} project`, 16);
    const values: Record<string, CtyValue> = {
      public: publicKey,
      secret,
      dsn: {
        public: dsn,
        secret: dsn.replace("@", `:${secret}@`),
        csp: `https://${host}/api/${project}/csp-report/?sentry_key=${publicKey}`,
        security: `https://${host}/api/${project}/security/?sentry_key=${publicKey}`,
        minidump: `https://${host}/api/${project}/minidump/?sentry_key=${publicKey}`,
        nel: `https://${host}/api/${project}/nel/?sentry_key=${publicKey}`,
        unreal: `https://${host}/api/${project}/unreal/${publicKey}/`,
        cdn: `https://js.sentry-cdn.simulated/${publicKey}.min.js`,
        crons: `https://${host}/api/${project}/cron/___MONITOR_SLUG___/${publicKey}/`,
      },
      dsn_public: dsn,
      dsn_secret: dsn.replace("@", `:${secret}@`),
      dsn_csp: `${dsn}/security/`,
      project_id: project,
    };
    return values[attribute];
  },
};
