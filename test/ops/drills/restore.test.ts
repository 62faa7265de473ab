// The restore drill against a loopback fake of Neon's branch API and a local TCP listener
// standing in for the new endpoint: the success path and its number, the branch deleted
// after a failure mid-drill, an interrupt and a timeout, and the point-in-time bounds.
import { EventEmitter } from "node:events";
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../../cli/flags";
import { loadEnvironments } from "../../../config/load";
import type { EnvironmentConfig } from "../../../config/schema";
import { main, type DrillIo } from "../../../ops/drills/cli";
import { VendorApiError } from "../../../vendors/http";
import { type SignalSource, withCleanup } from "../../../ops/drills/guard";
import type { BranchApi } from "../../../ops/drills/neon-branches";
import { cellProject, checkPointInTime, RestoreDrill } from "../../../ops/drills/restore";
import { NO_TOKEN } from "../../../ops/drills/telemetry";
import { CI_METRICS_PUSH_SECRET } from "../../../constructs/github/workflow-contract";
import { bundledInputs, sourcesOf } from "../../support/configs";
import { type Fake, neonFake, type NeonFake, pushFake } from "./fakes";

let staging: EnvironmentConfig;
beforeAll(() => {
  staging = loadEnvironments(sourcesOf(bundledInputs())).find((e) => e.name === "staging") as EnvironmentConfig;
});

const KEY = ["drill", "neon", "key", "k".repeat(24)].join("-");
const NOW = Date.parse("2026-12-07T04:00:00Z");
const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});

async function postgres(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let count = 0;
  const server: Server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const handle = {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  open.push(handle);
  return handle;
}

async function neon(): Promise<NeonFake> {
  const fake = await neonFake();
  open.push(fake);
  return fake;
}

function io(fake: NeonFake, port: number, lines: string[], extra: Partial<DrillIo> = {}): DrillIo {
  return {
    env: { NEON_API_KEY: KEY, NEON_API_BASE_URL: fake.url, ...extra.env },
    interactive: false,
    print: (line) => lines.push(line),
    environments: () => [staging],
    postgresPort: port,
    wallClock: () => NOW,
    apiTimeoutMs: 2000,
    ...extra,
  };
}

const ARGS = ["restore", "neuropilot-staging", "--yes", "--interval-ms", "100"];

describe("restore drill against loopback fakes", () => {
  it("branches staging at the point in time, waits for the endpoint, checks it connects, deletes the branch", async () => {
    const fake = await neon();
    const pg = await postgres();
    const push: Fake = await pushFake();
    open.push(push);
    const lines: string[] = [];
    const code = await main(
      [...ARGS, "--ago-s", "1800"],
      io(fake, pg.port, lines, {
        env: {
          NEON_API_KEY: KEY,
          NEON_API_BASE_URL: fake.url,
          GRAFANA_PUSH_URL: push.url,
          GRAFANA_PUSH_USER: "123456",
          GRAFANA_PUSH_TOKEN: "push-" + "t".repeat(20),
        },
      }),
    );
    expect(code).toBe(0);
    expect(fake.created).toEqual([
      {
        branch: {
          name: "drill-restore-staging-20261207-040000",
          parent_id: "br-stage-00000002",
          parent_timestamp: "2026-12-07T03:30:00Z",
        },
        endpoints: [{ type: "read_write" }],
      },
    ]);
    expect(fake.deleted).toEqual(["br-drill-1"]);
    expect(fake.branches.map((b) => b.name)).toEqual(["main", "staging"]);
    expect(pg.connections()).toBe(1);
    // Two `init` reads, then `active`: three endpoint reads, 100 ms apart.
    expect(fake.requests.filter((r) => r.path.startsWith("/projects/quiet-cell-12345678/endpoints/"))).toHaveLength(3);
    const out = lines.join("\n");
    expect(out).toMatch(
      /restore drill, staging: neuropilot\/staging at 2026-12-07T03:30:00Z → branch drill-restore-staging-20261207-040000 \(deleted\)/,
    );
    const seconds = Number(/ready after ([\d.]+) s/.exec(out)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(0.2);
    expect(seconds).toBeLessThan(10);
    expect(out).toContain("PASS");
    expect(out).not.toContain(KEY);
    expect(fake.requests.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(push.requests[0].body).toMatch(
      new RegExp(`^neuropilot_drill_restore,environment=staging seconds=${seconds} \\d+$`, "m"),
    );
    expect(push.requests[0].body).toMatch(
      /^neuropilot_drill,drill=restore,environment=staging,result=success runs=1 /m,
    );
  });

  it("deletes the branch when Neon fails mid-drill", async () => {
    const fake = await neon();
    const pg = await postgres();
    fake.failEndpoint = true;
    await expect(main(ARGS, io(fake, pg.port, []))).rejects.toThrow(
      /Neon: GET \/projects\/quiet-cell-12345678\/endpoints\/ep-drill-1 answered 500/,
    );
    expect(fake.deleted).toEqual(["br-drill-1"]);
  });

  it("finds and deletes the branch when the create's answer is lost (the branch exists all the same)", async () => {
    const fake = await neon();
    const pg = await postgres();
    fake.loseCreateAnswer = true;
    await expect(main(ARGS, io(fake, pg.port, []))).rejects.toThrow(
      /Neon: POST \/projects\/quiet-cell-12345678\/branches answered 500/,
    );
    expect(fake.deleted).toEqual(["br-drill-1"]);
    expect(fake.branches.map((b) => b.name)).toEqual(["main", "staging"]);
  });

  it("deletes nothing when a lost create made no branch, and keeps the create's error", async () => {
    const deletes: string[] = [];
    const lookups: string[] = [];
    const branches: BranchApi = {
      projectId: async () => "p-1",
      branchId: async (_project, name) => {
        lookups.push(name);
        if (name === "staging") return "br-stage";
        throw new VendorApiError(`no branch named "${name}"`);
      },
      createBranch: async () => {
        throw new VendorApiError("Neon: POST /projects/p-1/branches got no answer within 30000 ms");
      },
      endpoint: async () => ({ host: "h", state: "active" }),
      deleteBranch: async (_project, id) => {
        deletes.push(id);
        return true;
      },
    };
    const drill = new RestoreDrill(
      staging,
      { atMs: NOW - 60_000, intervalMs: 1, timeoutMs: 1000 },
      {
        branches,
        now: () => 0,
        wallClock: () => NOW,
        ready: async () => {},
        signal: new AbortController().signal,
        log: () => {},
      },
    );
    await expect(
      withCleanup(
        () => drill.run(),
        () => drill.cleanup(),
        new EventEmitter() as unknown as SignalSource,
      ),
    ).rejects.toThrow(/got no answer within 30000 ms/);
    expect(lookups).toEqual(["staging", drill.branchName]);
    expect(deletes).toEqual([]);
  });

  it("deletes the branch on SIGTERM and ends with 143", async () => {
    const fake = await neon();
    const pg = await postgres();
    fake.initReads = 1_000_000; // never ready: the drill waits until the signal
    const signals = new EventEmitter();
    const lines: string[] = [];
    const running = main(
      [...ARGS, "--timeout-s", "30"],
      io(fake, pg.port, lines, { signals: signals as unknown as SignalSource }),
    );
    while (fake.created.length === 0) await new Promise((r) => setTimeout(r, 10));
    signals.emit("SIGTERM");
    expect(await running).toBe(143);
    expect(fake.deleted).toEqual(["br-drill-1"]);
    expect(lines.join("\n")).toContain("drill interrupted by SIGTERM; what it changed was put back");
  });

  it("fails after the timeout when the endpoint never accepts connections, and deletes the branch", async () => {
    const fake = await neon();
    const pg = await postgres();
    await pg.close(); // nothing listens: the endpoint is `active` but refuses connections
    open.splice(open.indexOf(pg), 1);
    const lines: string[] = [];
    const code = await main([...ARGS, "--timeout-s", "1"], io(fake, pg.port, lines));
    expect(code).toBe(1);
    expect(fake.deleted).toEqual(["br-drill-1"]);
    const out = lines.join("\n");
    expect(out).toContain("problem: the branch's endpoint was not ready within 1 s");
    expect(out).toMatch(/^ {2}neuropilot_drill,drill=restore,environment=staging,result=failure runs=1 \d+$/m);
  });

  it("refuses the real account without --yes and no terminal, before any call", async () => {
    const fake = await neon();
    const error = await main(["restore", "neuropilot-staging"], io(fake, 1, [])).catch((e: Error) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/refusing to create \(and then delete\) a Neon branch .* pass --yes/);
    expect(fake.requests).toEqual([]);
  });
});

describe("the restore drill's metrics (drill.yml runs it weekly against staging)", () => {
  const PUSH_TOKEN = ["ci", "metrics", "push", "p".repeat(24)].join("-");
  async function run(env: NodeJS.ProcessEnv): Promise<{ push: Fake; lines: string[] }> {
    const fake = await neon();
    const pg = await postgres();
    const push = await pushFake();
    open.push(push);
    const lines: string[] = [];
    const code = await main(
      ARGS,
      io(fake, pg.port, lines, {
        env: { NEON_API_KEY: KEY, NEON_API_BASE_URL: fake.url, GRAFANA_PUSH_URL: push.url, ...env },
      }),
    );
    expect(code).toBe(0);
    return { push, lines };
  }

  it("pushes staging's series with the token, as Basic auth of the metrics user, and never prints the token", async () => {
    const { push, lines } = await run({ GRAFANA_PUSH_TOKEN: PUSH_TOKEN, GITHUB_ACTIONS: "true" });
    expect(push.requests).toHaveLength(1);
    const user = staging.grafana.prometheusUser;
    expect(push.requests[0].authorization).toBe(`Basic ${Buffer.from(`${user}:${PUSH_TOKEN}`).toString("base64")}`);
    expect(push.requests[0].body).toMatch(
      /^neuropilot_drill,drill=restore,environment=staging,result=success runs=1 /m,
    );
    expect(lines).toContain("metrics pushed to Grafana Cloud");
    expect(lines.filter((l) => /NOT pushed|::warning::/.test(l))).toEqual([]);
    expect(lines.join("\n")).not.toContain(PUSH_TOKEN);
  });

  it("without the token pushes nothing and says so in one warning line naming the variable and CI's secret", async () => {
    const { push, lines } = await run({ GITHUB_ACTIONS: "true" });
    expect(push.requests).toEqual([]);
    const loud = lines.filter((l) => l.includes("NOT pushed"));
    expect(loud).toEqual([`::warning::metrics NOT pushed to Grafana Cloud: ${NO_TOKEN}; the lines:`]);
    expect(NO_TOKEN).toContain("GRAFANA_PUSH_TOKEN");
    expect(NO_TOKEN).toContain(CI_METRICS_PUSH_SECRET);
    // The lines still follow, indented, so the run's log keeps the figures.
    const at = lines.indexOf(loud[0]);
    expect(lines[at + 1]).toMatch(/^ {2}neuropilot_drill,drill=restore,environment=staging,result=success runs=1 \d+$/);
    expect(lines).not.toContain("metrics pushed to Grafana Cloud");
  });

  it("outside GitHub Actions the same one line, without the annotation", async () => {
    const { push, lines } = await run({});
    expect(push.requests).toEqual([]);
    expect(lines.filter((l) => l.includes("NOT pushed"))).toEqual([
      `metrics NOT pushed to Grafana Cloud: ${NO_TOKEN}; the lines:`,
    ]);
  });

  it("an empty token (an unset GitHub secret) counts as none", async () => {
    const { push, lines } = await run({ GRAFANA_PUSH_TOKEN: "" });
    expect(push.requests).toEqual([]);
    expect(lines.filter((l) => l.includes("NOT pushed"))).toHaveLength(1);
  });
});

describe("the point in time", () => {
  it("must lie inside the project's history: exactly at its start passes, one second earlier fails", () => {
    const retention = staging.neon.historyRetentionSeconds;
    expect(() => checkPointInTime(staging, NOW - retention * 1000, NOW)).not.toThrow();
    expect(() => checkPointInTime(staging, NOW - (retention + 1) * 1000, NOW)).toThrow(
      new RegExp(
        `${retention + 1} s ago, before the project's ${retention} s of history \\(neon.historyRetentionSeconds\\)`,
      ),
    );
    expect(() => checkPointInTime(staging, NOW, NOW)).not.toThrow();
    expect(() => checkPointInTime(staging, NOW + 1, NOW)).toThrow(/is in the future/);
  });

  it("comes from --at (ISO 8601 with a zone) or --ago-s, not both", async () => {
    const fake = await neon();
    const run = (...more: string[]) => main([...ARGS, ...more], io(fake, 1, []));
    await expect(run("--at", "2026-12-07 03:00")).rejects.toThrow(/--at must be an ISO 8601 time with a zone/);
    await expect(run("--at", "2026-12-07T03:00:00Z", "--ago-s", "60")).rejects.toThrow(
      /give --at or --ago-s, not both/,
    );
    await expect(run("--ago-s", "2592001")).rejects.toThrow(/--ago-s must be a whole number from 0 to 2592000/);
    await expect(run("--at", "2026-12-08T00:00:00Z")).rejects.toThrow(/in the future/);
    expect(fake.requests).toEqual([]);
  });

  it("names each cell's project as the platform stack does", () => {
    const twoCells = {
      ...staging,
      cells: [staging.cells[0], { ...staging.cells[0], id: "eu" }],
    };
    expect(cellProject(twoCells)).toBe(staging.neon.projectName);
    expect(cellProject(twoCells, "eu")).toBe(`${staging.neon.projectName}-eu`);
    expect(() => cellProject(twoCells, "ap")).toThrow(/--cell ap: no such cell \(known: us, eu\)/);
  });
});

describe("bad restore input", () => {
  it("is bad usage (exit 2), refused before the question and before any call", async () => {
    const fake = await neon();
    const ask = async () => {
      throw new Error("asked");
    };
    const interactive = (argv: string[]) => main(argv, io(fake, 1, [], { interactive: true, ask }));
    const retention = staging.neon.historyRetentionSeconds;
    for (const argv of [
      ["restore", "staging", "--ago-s", String(retention + 1)],
      ["restore", "staging", "--cell", "ap"],
    ]) {
      const error = await interactive(argv).catch((e: Error) => e);
      expect(error, argv.join(" ")).toBeInstanceOf(UsageError);
    }
    expect(fake.requests).toEqual([]);
  });
});
