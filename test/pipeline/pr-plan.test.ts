// pipeline/pr-plan.ts, in-process with a recording fake terraform: only the stacks that
// differ from the base are vetted and planned, each with init / plan -out / show -json and
// no separate validate; nothing changed or a refused stack starts no terraform at all;
// --concurrency N really overlaps N stacks and still reports in apply order.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../cli/flags";
import { PLACEHOLDER_CREDENTIAL } from "../../constructs/github/workflow-contract";
import { ENVIRONMENT_SOURCES } from "../../config";
import type { JsonObject } from "../../pipeline/synth/json";
import { readPlanResults } from "../../pipeline/plan/plan-results";
import { inOrderWithLimit } from "../../pipeline/plan/plan-run";
import { main } from "../../pipeline/pr-plan";
import { USAGE } from "../../pipeline/plan/pull-request-plan";
import type { ScriptIo } from "../../pipeline/script-entry";
import { PROVIDER_PINS } from "../../pipeline/vet/provider-pins";
import { writeSynthFolder } from "../support/synth-folder";

const ORG = ENVIRONMENT_SOURCES[0].value.terraformCloudOrganization;
const STAGING = "neuropilot-staging";
const PRODUCTION = "neuropilot-production";

/** A stack every vet rule accepts (as test/pipeline/vet.test.ts's validStack), with one resource name. */
function stack(name: string, project = "neuropilot"): JsonObject {
  return {
    "//": { metadata: { stackName: name } },
    terraform: {
      cloud: { organization: ORG, workspaces: { name } },
      required_providers: {
        neon: { source: "registry.terraform.io/kislerdm/neon", version: PROVIDER_PINS.neon.version },
      },
    },
    provider: { neon: [{}] },
    resource: { neon_project: { db: { name: project, history_retention_seconds: 604800 } } },
  };
}

const work = mkdtempSync(join(tmpdir(), "pr-plan-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const log = join(work, "terraform.log");
const planArgs = join(work, "plan-args.log");
const fake = join(work, "terraform");
// Records "<start|end> <command> <stack folder>"; init sleeps so overlapping runs are visible.
writeFileSync(
  fake,
  [
    "#!/bin/sh",
    `echo "start $1 $(basename "$PWD")" >> "${log}"`,
    'if [ "$1" = init ]; then sleep 0.4; fi',
    `if [ "$1" = plan ]; then echo "$* key=$NEON_API_KEY" >> "${planArgs}"; fi`,
    'if [ "$1" = show ]; then echo \'{"format_version":"1.2","resource_changes":[]}\'; fi',
    `echo "end $1 $(basename "$PWD")" >> "${log}"`,
    'if [ "$1" = plan ]; then exit 2; fi',
    "exit 0",
    "",
  ].join("\n"),
);
chmodSync(fake, 0o755);

const base = writeSynthFolder(join(work, "base"), { [STAGING]: stack(STAGING), [PRODUCTION]: stack(PRODUCTION) });
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, TERRAFORM_BIN: fake };
const invocations = (): string[] => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : []);
const outputs = join(work, "github-output");
let printed: string[] = [];

// What main printed through its io (nothing goes to the console).
const io: ScriptIo = {
  log: (text) => void printed.push(text),
  error: (text) => void printed.push(text),
  write: (_stream, text) => void printed.push(text),
};
/** main as plan-pr.yml's step runs it: the step's env names the step-output file. */
const prPlan = (argv: string[], stepEnv: NodeJS.ProcessEnv): Promise<number> =>
  main(argv, { ...stepEnv, GITHUB_OUTPUT: outputs }, io);

beforeEach(() => {
  rmSync(log, { force: true });
  rmSync(planArgs, { force: true });
  rmSync(outputs, { force: true });
  printed = [];
  vi.spyOn(console, "log").mockImplementation(() => {
    throw new Error("pr-plan printed to the console instead of its io");
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("pr-plan.ts", () => {
  it("plans only the stack that differs from the base: init, plan -out, show -json, no validate", async () => {
    const head = writeSynthFolder(join(work, "head-one"), {
      [STAGING]: stack(STAGING),
      [PRODUCTION]: stack(PRODUCTION, "neuropilot-renamed"),
    });
    const plans = join(work, "plans-one");
    const changes = join(work, "changes-one.json");
    const code = await prPlan(
      ["--synth", head, "--base-synth", base, "--out", plans, "--changes", changes, "--no-lock"],
      env,
    );
    expect(code).toBe(0);
    expect(invocations().filter((line) => line.startsWith("start"))).toEqual([
      `start init ${PRODUCTION}`,
      `start plan ${PRODUCTION}`,
      `start show ${PRODUCTION}`,
    ]);
    expect(readPlanResults(plans)).toEqual([{ stack: PRODUCTION, workspace: PRODUCTION, status: "changes" }]);
    expect(JSON.parse(readFileSync(changes, "utf8"))).toMatchObject({ changed: [PRODUCTION], unchanged: [STAGING] });
    const written = readFileSync(outputs, "utf8");
    expect(written).toContain(`stacks<<`);
    expect(written).toMatch(/any<<\w+\ntrue\n/);
    expect(written).toContain(`["${PRODUCTION}"]`);
  });

  it("--placeholder-credentials plans a Neon stack with the placeholder key and -refresh=false; without it, refreshes", async () => {
    const head = writeSynthFolder(join(work, "head-placeholder"), {
      [STAGING]: stack(STAGING),
      [PRODUCTION]: stack(PRODUCTION, "neuropilot-placeholder"),
    });
    const planned = async (extra: string[]) => {
      rmSync(planArgs, { force: true });
      const code = await prPlan(
        ["--synth", head, "--base-synth", base, "--out", join(work, "plans-ph"), ...extra],
        env,
      );
      expect(code).toBe(0);
      return readFileSync(planArgs, "utf8").trim().split("\n");
    };
    const [withPlaceholder] = await planned(["--placeholder-credentials", "neon,railway"]);
    expect(withPlaceholder).toContain("-refresh=false");
    expect(withPlaceholder.endsWith(` key=${PLACEHOLDER_CREDENTIAL}`)).toBe(true);
    const [refreshing] = await planned([]);
    expect(refreshing).not.toContain("-refresh");
    expect(refreshing.endsWith(" key=")).toBe(true);
  });

  it("starts no terraform when nothing changed, and says so", async () => {
    const code = await prPlan(["--synth", base, "--base-synth", base, "--out", join(work, "plans-none")], env);
    expect(code).toBe(0);
    expect(invocations()).toEqual([]);
    expect(printed.some((line) => /^changed stacks: none \(\d+\.\d\d s\)$/.test(line))).toBe(true);
    expect(readFileSync(outputs, "utf8")).toMatch(/any<<\w+\nfalse\n/);
  });

  it("starts no terraform when a changed stack is refused by vetting, and exits 1", async () => {
    const hostile = stack(STAGING);
    (hostile.resource as JsonObject).null_resource = { x: {} };
    const head = writeSynthFolder(join(work, "head-hostile"), { [STAGING]: hostile, [PRODUCTION]: stack(PRODUCTION) });
    const plans = join(work, "plans-hostile");
    const code = await prPlan(["--synth", head, "--base-synth", base, "--out", plans], env);
    expect(code).toBe(1);
    expect(invocations()).toEqual([]);
    expect(readPlanResults(plans)).toEqual([{ stack: STAGING, workspace: STAGING, status: "failed" }]);
  });

  it("plans every stack when the base did not synthesise (no base folder)", async () => {
    const code = await prPlan(
      ["--synth", base, "--base-synth", join(work, "absent"), "--out", join(work, "plans-all")],
      env,
    );
    expect(code).toBe(0);
    expect(invocations().filter((line) => line.startsWith("start init"))).toHaveLength(2);
  });

  it("--concurrency 2 overlaps the two stacks' runs; --concurrency 1 runs them one after another", async () => {
    const head = writeSynthFolder(join(work, "head-two"), {
      [STAGING]: stack(STAGING, "neuropilot-a"),
      [PRODUCTION]: stack(PRODUCTION, "neuropilot-b"),
    });
    const run = async (concurrency: string): Promise<string[]> => {
      rmSync(log, { force: true });
      printed = [];
      const out = join(work, `plans-c${concurrency}`);
      expect(
        await prPlan(["--synth", head, "--base-synth", base, "--out", out, "--concurrency", concurrency], env),
      ).toBe(0);
      return invocations();
    };
    const together = await run("2");
    // Production's init starts before staging's init has ended.
    expect(together.indexOf(`start init ${PRODUCTION}`)).toBeLessThan(together.indexOf(`end init ${STAGING}`));
    // Reported in apply order, staging first, whichever finished first.
    const reported = printed.filter((line) => /^neuropilot-\w+: /.test(line));
    expect(reported).toEqual([`${STAGING}: changes`, `${PRODUCTION}: changes`]);
    const oneByOne = await run("1");
    expect(oneByOne.indexOf(`start init ${PRODUCTION}`)).toBeGreaterThan(oneByOne.indexOf(`end show ${STAGING}`));
  }, 20_000);

  it("--help prints the usage through its io and exits 0, starting nothing", async () => {
    expect(await prPlan(["--help"], env)).toBe(0);
    expect(printed).toEqual([USAGE]);
    expect(invocations()).toEqual([]);
  });

  it("refuses bad usage before any work, naming the flag", async () => {
    const refused = async (argv: string[]): Promise<string> => {
      try {
        await prPlan(argv, env);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error(`${argv.join(" ")} was accepted`);
    };
    expect(await refused(["--base-synth", base])).toContain("--synth is required");
    expect(await refused(["--synth", join(work, "absent")])).toContain("holds no manifest.json");
    expect(await refused(["--synth", base, "--concurrency", "0"])).toContain("--concurrency must be a whole number");
    expect(await refused(["--synth", base, "--concurrency", "9"])).toContain("from 1 to 8");
    expect(await refused(["--synth", base, "--lock-timeout", "5"])).toContain("--lock-timeout must be a duration");
    expect(await refused(["--synth", base, "--bogus"])).toContain("--bogus");
    expect(invocations()).toEqual([]);
    // The limits themselves are accepted (nothing changed: no terraform).
    for (const n of ["1", "8"]) {
      expect(
        await prPlan(["--synth", base, "--base-synth", base, "--concurrency", n, "--out", join(work, "p")], env),
      ).toBe(0);
    }
  });
});

describe("inOrderWithLimit", () => {
  it("never runs more than the limit at once and reports in the items' order", async () => {
    let running = 0;
    let most = 0;
    const reported: number[] = [];
    const delays = [30, 5, 20, 1, 10];
    const results = await inOrderWithLimit(
      delays.map((_, i) => i),
      2,
      async (i) => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, delays[i]));
        running--;
        return i * 10;
      },
      (r) => reported.push(r),
    );
    expect(most).toBe(2);
    expect(results).toEqual([0, 10, 20, 30, 40]);
    expect(reported).toEqual([0, 10, 20, 30, 40]);
  });

  it("passes a failure on, and refuses a limit below 1", async () => {
    await expect(
      inOrderWithLimit(
        [1, 2],
        2,
        async (i) => {
          if (i === 2) throw new Error("second failed");
          return i;
        },
        () => undefined,
      ),
    ).rejects.toThrow("second failed");
    await expect(
      inOrderWithLimit(
        [1],
        0,
        async (i) => i,
        () => undefined,
      ),
    ).rejects.toThrow("concurrency must be");
  });
});
