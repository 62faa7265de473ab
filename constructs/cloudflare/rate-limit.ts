// Rate limiting for the zone: one http_ratelimit ruleset holding a strict rule for the
// login endpoint and, where the plan allows a second rule, a looser one for /api/*.
import { Construct } from "constructs";
import { CLOUDFLARE_PLAN_LIMITS, type CloudflarePlan } from "../../config/cloudflare-plans";
import { type PhaseRule, PhaseRuleset } from "./phase-ruleset";
import { stringLiteral } from "./rules-language";

export interface RateLimitSettings {
  requestsPerPeriod: number;
  periodSeconds: number;
  mitigationTimeoutSeconds: number;
}

export interface RateLimitRuleOptions {
  plan: CloudflarePlan;
  loginPath: string;
  login: RateLimitSettings;
  /** null leaves the /api/* rule out (the Free plan allows a single rule). */
  api: RateLimitSettings | null;
}

// Counters are per Cloudflare data centre (cf.colo.id, mandatory) and client IP; IP is
// the only characteristic every plan offers.
const CHARACTERISTICS = ["cf.colo.id", "ip.src"];

function ratelimit(settings: RateLimitSettings) {
  return {
    characteristics: CHARACTERISTICS,
    period: settings.periodSeconds,
    requestsPerPeriod: settings.requestsPerPeriod,
    mitigationTimeout: settings.mitigationTimeoutSeconds,
  };
}

/** The rules in evaluation order: login first, so its stricter limit applies. */
export function rateLimitRules(options: RateLimitRuleOptions): PhaseRule[] {
  const limits = CLOUDFLARE_PLAN_LIMITS[options.plan];
  // Free and Pro may only match on path (and host/query on Pro); the method needs Business.
  const login = `http.request.uri.path eq ${stringLiteral(options.loginPath)}`;
  const rules: PhaseRule[] = [
    {
      ref: "ratelimit_login",
      description: `Rate limit ${options.loginPath} per IP (brute-force protection)`,
      // block (not a challenge) because below Enterprise a challenge action forces
      // mitigation_timeout = 0, i.e. no block duration.
      action: "block",
      expression: limits.rateLimitMethodField ? `${login} and http.request.method eq "POST"` : login,
      ratelimit: ratelimit(options.login),
    },
  ];
  if (options.api) {
    rules.push({
      ref: "ratelimit_api",
      description: "Rate limit /api/* per IP",
      action: "block",
      expression: 'starts_with(http.request.uri.path, "/api/")',
      ratelimit: ratelimit(options.api),
    });
  }
  return rules;
}

export interface RateLimitProps extends RateLimitRuleOptions {
  zoneId: string;
}

export class RateLimit extends Construct {
  readonly rules: PhaseRuleset;

  constructor(scope: Construct, id: string, props: RateLimitProps) {
    super(scope, id);
    this.rules = new PhaseRuleset(this, "rules", {
      zoneId: props.zoneId,
      plan: props.plan,
      phase: "http_ratelimit",
      name: "NeuroPilot rate limiting",
      description: "Login and API rate limits (managed by neuropilot-infra)",
      rules: rateLimitRules(props),
    });
  }
}
