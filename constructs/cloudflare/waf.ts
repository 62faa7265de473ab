// Web application firewall for the zone: Cloudflare's managed rulesets in the managed
// phase, and our own probe-blocking and bot-challenge rules in the custom phase.
import { Construct } from "constructs";
import { CLOUDFLARE_PLAN_LIMITS, type CloudflarePlan } from "../../config/cloudflare-plans";
import { type PhaseRule, PhaseRuleset } from "./phase-ruleset";
import { stringLiteral } from "./rules-language";

/** Managed ruleset ids (developers.cloudflare.com/waf/managed-rules/). */
export const MANAGED_RULESETS = {
  cloudflareManaged: "efb7b8c949ac4650a09736fc376e9aee",
  owaspCore: "4814384a9e5d4991b9815dcfc25d2f1f",
  /** The subset every plan (including Free) may deploy. */
  freeManaged: "77454fe2d30c4220b5701f6fdfb893ba",
} as const;

// Request URI (path and query), percent-decoded recursively and lower-cased, so
// "UNION%2BSELECT" and double-encoded probes match too. Every function and field here
// is available on the Free plan; attack scores (cf.waf.score.*) are not.
const DECODED_URI = 'lower(url_decode(http.request.uri, "r"))';

/** Substrings that only show up in SQL-injection probes, not in our URLs. */
export const SQLI_PATTERNS = [
  "union select",
  "union all select",
  "union/**/select",
  "' or '1'='1",
  "' or 1=1",
  '" or "1"="1',
  "or 1=1--",
  "information_schema",
  "sleep(",
  "benchmark(",
  "waitfor delay",
  "xp_cmdshell",
  "load_file(",
] as const;

/** Substrings of reflected/stored XSS probes. */
export const XSS_PATTERNS = [
  "<script",
  "</script",
  "javascript:",
  "onerror=",
  "onload=",
  "<iframe",
  "<svg",
  "document.cookie",
] as const;

/** User agents of HTTP libraries and scanners; real browsers never send these. */
export const AUTOMATION_USER_AGENTS = [
  "curl/",
  "wget/",
  "python-requests",
  "python-urllib",
  "go-http-client",
  "libwww-perl",
  "scrapy",
  "sqlmap",
  "nikto",
  "masscan",
  "zgrab",
] as const;

/** `subject contains "a" or subject contains "b" ...` (callers add the parentheses). */
function containsAny(subject: string, patterns: readonly string[]): string {
  return patterns.map((p) => `${subject} contains ${stringLiteral(p)}`).join(" or ");
}

export interface CustomRuleOptions {
  /** Health-check path, left out of the bot challenge so smoke tests and probes pass. */
  healthCheckPath: string;
}

/** The custom-phase rules, in evaluation order. */
export function customFirewallRules(options: CustomRuleOptions): PhaseRule[] {
  const userAgent = "lower(http.user_agent)";
  return [
    {
      ref: "block_sqli_probes",
      description: "Block SQL-injection probes in the request URI",
      action: "block",
      expression: containsAny(DECODED_URI, SQLI_PATTERNS),
    },
    {
      ref: "block_xss_probes",
      description: "Block cross-site-scripting probes in the request URI",
      action: "block",
      expression: containsAny(DECODED_URI, XSS_PATTERNS),
    },
    {
      ref: "challenge_likely_bots",
      description: "Managed challenge for clients that look automated and are not verified bots",
      action: "managed_challenge",
      // cf.client.bot (verified good bots) works on every plan; cf.bot_management.*
      // would need Enterprise Bot Management.
      expression:
        `not cf.client.bot and http.request.uri.path ne ${stringLiteral(options.healthCheckPath)} and ` +
        `(http.user_agent eq "" or ${containsAny(userAgent, AUTOMATION_USER_AGENTS)})`,
    },
  ];
}

/** The managed-phase rules: full managed rulesets where the plan has them, else the free one. */
export function managedFirewallRules(plan: CloudflarePlan): PhaseRule[] {
  if (!CLOUDFLARE_PLAN_LIMITS[plan].managedWafRulesets) {
    return [
      {
        ref: "execute_free_managed",
        description: "Execute the Cloudflare Free Managed Ruleset",
        action: "execute",
        expression: "true",
        actionParameters: { id: MANAGED_RULESETS.freeManaged },
      },
    ];
  }
  return [
    {
      ref: "execute_cloudflare_managed",
      description: "Execute the Cloudflare Managed Ruleset",
      action: "execute",
      expression: "true",
      actionParameters: { id: MANAGED_RULESETS.cloudflareManaged },
    },
    {
      ref: "execute_owasp_core",
      description: "Execute the Cloudflare OWASP Core Ruleset",
      action: "execute",
      expression: "true",
      actionParameters: { id: MANAGED_RULESETS.owaspCore },
    },
  ];
}

export interface WafProps {
  zoneId: string;
  plan: CloudflarePlan;
  healthCheckPath: string;
}

export class Waf extends Construct {
  readonly managed: PhaseRuleset;
  readonly custom: PhaseRuleset;

  constructor(scope: Construct, id: string, props: WafProps) {
    super(scope, id);
    this.managed = new PhaseRuleset(this, "managed", {
      zoneId: props.zoneId,
      plan: props.plan,
      phase: "http_request_firewall_managed",
      name: "NeuroPilot managed WAF rules",
      description: "Cloudflare managed rulesets (managed by neuropilot-infra)",
      rules: managedFirewallRules(props.plan),
    });
    this.custom = new PhaseRuleset(this, "custom", {
      zoneId: props.zoneId,
      plan: props.plan,
      phase: "http_request_firewall_custom",
      name: "NeuroPilot custom WAF rules",
      description: "Probe blocking and bot challenges (managed by neuropilot-infra)",
      rules: customFirewallRules({ healthCheckPath: props.healthCheckPath }),
    });
  }
}
