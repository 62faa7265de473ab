// One list of known secrets for every printing path: the record key the render and verify
// steps hold is scrubbed like a credential, wherever a plan value or message would carry it.
import { describe, expect, it } from "vitest";
import { RECORD_KEY_SECRET, TRUSTED_PLAN_APP_KEY_SECRET } from "../../constructs/github/workflow-contract";
import { failureOutcome } from "../../pipeline/script-entry";
import { pemKey } from "./planted-forms";
import { knownSecrets } from "../../pipeline/plan/known-secrets";
import type { TerraformPlan } from "../../pipeline/plan/plan-json";
import { render } from "../../pipeline/comment/render";
import { Redactor } from "../../secrets/redact";
import { stagingResult } from "./support";

// Built at runtime (64 hex digits, the shape `openssl rand -hex 32` gives): no pattern knows it.
const RECORD_KEY = "9f3a".repeat(16);
const FRONTEND = "cloudflare_dns_record.edge_dns_frontend-record_1B966611";

function withComment(plan: TerraformPlan, text: string): TerraformPlan {
  const copy = structuredClone(plan);
  const resource = copy.resource_changes.find((r) => r.address === FRONTEND);
  if (!resource) throw new Error(`${FRONTEND} not in the fixture`);
  (resource.change.after as Record<string, unknown>).comment = text;
  return copy;
}

describe("known secrets (pipeline/plan/known-secrets.ts)", () => {
  it("holds the record key of the step's environment, like every credential", () => {
    expect(knownSecrets({ [RECORD_KEY_SECRET]: RECORD_KEY, PATH: "/usr/bin" })).toEqual([RECORD_KEY]);
    expect(knownSecrets({ [RECORD_KEY_SECRET]: "" })).toEqual([]);
  });

  it("holds the trusted-plan app's private key: a failing command run with it prints none of its body", () => {
    // Built at run time (planted-forms.ts): no key-shaped text is committed.
    const pem = pemKey("RSA ", 41);
    const body = pem.split("\n").slice(1, -1);
    expect(knownSecrets({ [TRUSTED_PLAN_APP_KEY_SECRET]: pem })).toEqual([pem]);
    const { stderr } = failureOutcome(new Error(`could not sign with\n${pem}`), { [TRUSTED_PLAN_APP_KEY_SECRET]: pem });
    for (const line of body) expect(stderr.join("\n")).not.toContain(line);
  });

  it("no pattern alone catches the key: only the known value does", () => {
    expect(new Redactor().scrub(`key ${RECORD_KEY}`)).toContain(RECORD_KEY);
    expect(new Redactor(knownSecrets({ [RECORD_KEY_SECRET]: RECORD_KEY })).scrub(`key ${RECORD_KEY}`)).not.toContain(
      RECORD_KEY,
    );
  });

  it("keeps the key out of the comment render-plan.ts writes with the step's environment", () => {
    const staging = stagingResult();
    if (staging.status !== "planned") throw new Error("the staging fixture is a planned stack");
    const comment = render({
      stacks: [{ ...staging, plan: withComment(staging.plan, `rotated ${RECORD_KEY}`) }],
      redact: knownSecrets({ [RECORD_KEY_SECRET]: RECORD_KEY }),
    });
    expect(comment).toContain("rotated");
    expect(comment).not.toContain(RECORD_KEY);
    expect(comment).not.toContain(RECORD_KEY.slice(0, 24));
  });
});
