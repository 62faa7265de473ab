// Every expression the edge writes parses as Cloudflare Rules language and uses only
// fields and operators the phase and plan allow. No wirefilter build is published on
// npm, so constructs/cloudflare/rules-language.ts is our own parser; these tests also
// pin that parser to documented examples and to expressions the API would refuse.
import { describe, expect, it } from "vitest";
import { CLOUDFLARE_PLANS } from "../../../config/cloudflare-plans";
import {
  expressionProblems,
  stringLiteral,
  type ExpressionContext,
} from "../../../constructs/cloudflare/rules-language";
import { loadConfig, type RulesetRule, synthEdge } from "./support";

const custom: ExpressionContext = { phase: "http_request_firewall_custom", plan: "pro" };

describe("the Rules-language checker", () => {
  it.each([
    'http.host eq "www.example.com" and not cf.client.bot',
    '(http.request.uri.path eq "/a" or http.request.uri.path eq "/b") and ip.src.country in {"GB" "FR"}',
    'lower(url_decode(http.request.uri.query)) contains "union select"',
    'starts_with(http.request.uri.path, "/api/")',
    'http.request.uri.path.extension in {"js" "css"}',
    'http.user_agent eq "" || !ssl',
    "len(http.user_agent) gt 512",
    'http.request.uri.path contains r"\\path"',
    "true",
  ])("accepts %s", (expression) => {
    expect(expressionProblems(expression, custom)).toEqual([]);
  });

  it.each([
    ['(http.host eq "a"', /expected "\)"/],
    ['http.host eq "a")', /unexpected "\)"/],
    ['http.host eq "a', /unterminated string/],
    ['http.host eq "a" and', /unexpected end/],
    ['http.hots eq "a"', /unknown field http\.hots/],
    ["http.host contains 3", /string literal/],
    ["http.host", /needs a comparison operator/],
    ['lowercase(http.host) eq "a"', /unknown function/],
    ['starts_with("/api", http.request.uri.path)', /needs a field as its first argument/],
    ["ip.src.country in {}", /empty set/],
    ['http.host eq "a" = "b"', /unexpected character/],
  ])("rejects %s", (expression, problem) => {
    expect(expressionProblems(expression, custom).join("; ")).toMatch(problem);
  });

  it("rejects fields the plan lacks", () => {
    expect(expressionProblems("cf.waf.score.sqli lt 20", custom)).toEqual([
      "field cf.waf.score.sqli needs the enterprise plan or above (zone is on pro)",
    ]);
    expect(expressionProblems("cf.waf.score.sqli lt 20", { ...custom, plan: "enterprise" })).toEqual([]);
    expect(expressionProblems('cf.waf.score.class eq "attack"', custom)[0]).toMatch(/business plan/);
    expect(expressionProblems("cf.bot_management.score lt 30", { ...custom, plan: "enterprise" })[0]).toMatch(
      /Bot Management/,
    );
    expect(expressionProblems("cf.threat_score gt 10", custom)[0]).toMatch(/deprecated/);
    expect(expressionProblems('http.host matches "^a"', custom)[0]).toMatch(/matches operator needs the business plan/);
  });

  it("applies the rate-limiting field table per plan", () => {
    const method = 'http.request.uri.path eq "/login" and http.request.method eq "POST"';
    expect(expressionProblems(method, { phase: "http_ratelimit", plan: "pro" })).toEqual([
      "field http.request.method is not allowed in rate-limiting expressions on the pro plan",
    ]);
    expect(expressionProblems(method, { phase: "http_ratelimit", plan: "business" })).toEqual([]);
    expect(expressionProblems('http.host eq "a"', { phase: "http_ratelimit", plan: "free" })[0]).toMatch(/free plan/);
  });

  it("quotes string literals", () => {
    expect(stringLiteral('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    expect(expressionProblems(`http.host eq ${stringLiteral('a"b\\c')}`, custom)).toEqual([]);
  });
});

describe("every expression the edge synthesises", () => {
  // Each plan, with config values that plan accepts.
  for (const plan of CLOUDFLARE_PLANS) {
    it(`is valid on the ${plan} plan`, () => {
      const config = loadConfig("production", (c) => {
        const cf = c.production.cloudflare;
        cf.plan = plan;
        if (plan === "free") {
          cf.rateLimit.login = { requestsPerPeriod: 5, periodSeconds: 10, mitigationTimeoutSeconds: 10 };
          cf.rateLimit.api = null;
          cf.cache.edgeTtlSeconds = 7200;
        }
      });
      const synth = synthEdge(config);
      const rulesets = synth.resources("cloudflare_ruleset");
      expect(rulesets).toHaveLength(4);
      for (const ruleset of rulesets) {
        const context = { phase: ruleset.phase, plan } as ExpressionContext;
        for (const rule of ruleset.rules as RulesetRule[]) {
          expect(expressionProblems(rule.expression, context), `${rule.ref}: ${rule.expression}`).toEqual([]);
          expect(balanced(rule.expression), rule.ref).toBe(true);
        }
      }
    });
  }
});

/** Independent of the parser: quotes pair up and brackets nest outside string literals. */
function balanced(expression: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ")": "(", "}": "{" };
  let inString = false;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "(" || ch === "{") stack.push(ch);
    else if (ch === ")" || ch === "}") {
      if (stack.pop() !== pairs[ch]) return false;
    }
  }
  return !inString && stack.length === 0;
}
