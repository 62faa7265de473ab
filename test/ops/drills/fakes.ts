// Loopback fakes for the drills: Cloudflare's pool API, the public API host behind its load
// balancer (answering from the first enabled pool, naming the region in x-neuropilot-region),
// Neon's branch API, and Grafana Cloud's Influx push. Each records its requests; each has
// knobs for the failures the tests need (a lost answer, a hang, a 500, a late switch).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  path: string;
  body: string;
  authorization?: string;
  /** The fake's answer, for the contract check of the fakes. */
  status?: number;
  reply?: string;
}

export interface Fake {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

type Handler = (req: Recorded, res: ServerResponse) => void | Promise<void>;

async function serve(handler: Handler): Promise<{ server: Server; url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const recorded: Recorded = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        body: Buffer.concat(chunks).toString("utf8"),
        authorization: req.headers.authorization,
      };
      requests.push(recorded);
      const end = res.end.bind(res);
      res.end = ((chunk?: unknown) => {
        recorded.status = res.statusCode;
        recorded.reply = typeof chunk === "string" ? chunk : undefined;
        return end(chunk as string);
      }) as typeof res.end;
      void handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

export interface FakePool {
  id: string;
  name: string;
  enabled: boolean;
  /** The region its origin names in the region header. */
  region: string;
}

export interface CloudflareFake extends Fake {
  pools: FakePool[];
  /** Every PATCH's `enabled`, in order. */
  patches: Array<{ id: string; enabled: boolean }>;
  /** Answer the disable (enabled:false) with 200 but no result: the change happens, the answer is lost. */
  loseDisableAnswer: boolean;
  /** Never answer the pool list. */
  hangList: boolean;
  /** Answer every request 403. */
  forbid: boolean;
}

export async function cloudflareFake(accountId: string, pools: FakePool[]): Promise<CloudflareFake> {
  const fake = {
    pools,
    patches: [] as Array<{ id: string; enabled: boolean }>,
    loseDisableAnswer: false,
    hangList: false,
    forbid: false,
  };
  const base = `/accounts/${accountId}/load_balancers/pools`;
  const { server, url, requests } = await serve((req, res) => {
    if (fake.forbid)
      return json(res, 403, { success: false, errors: [{ code: 10000, message: "Authentication error" }] });
    if (req.method === "GET" && req.path === base) {
      if (fake.hangList) return;
      return json(res, 200, {
        success: true,
        errors: [],
        messages: [],
        result: fake.pools.map((p) => ({ id: p.id, name: p.name, enabled: p.enabled })),
      });
    }
    const match = new RegExp(`^${base}/([a-f0-9]+)$`).exec(req.path);
    const pool = match ? fake.pools.find((p) => p.id === match[1]) : undefined;
    if (req.method === "PATCH" && pool) {
      const { enabled } = JSON.parse(req.body) as { enabled: boolean };
      pool.enabled = enabled;
      fake.patches.push({ id: pool.id, enabled });
      if (!enabled && fake.loseDisableAnswer)
        return json(res, 200, { success: true, errors: [], messages: [], result: {} });
      return json(res, 200, {
        success: true,
        errors: [],
        messages: [],
        result: { id: pool.id, name: pool.name, enabled },
      });
    }
    json(res, 404, { success: false, errors: [{ code: 1000, message: "not found" }] });
  });
  return Object.assign(fake, { url, requests, close: closer(server) });
}

export interface EdgeFake extends Fake {
  /** Answers after a pool change that still come from the old pool (the edge's propagation). */
  lag: number;
  /** Answer 503 to everything. */
  down: boolean;
  /** Send no region header. */
  anonymous: boolean;
  /** Stop following the pools: keep naming this region whatever is enabled. */
  stuckOn?: string;
}

/** The public host: /health answers 200 from the first enabled pool, `lag` answers late. */
export async function edgeFake(cloudflare: CloudflareFake): Promise<EdgeFake> {
  const fake = { lag: 0, down: false, anonymous: false, stuckOn: undefined as string | undefined };
  let serving: string | undefined;
  let pending: string | undefined;
  let stale = 0;
  const { server, url, requests } = await serve((req, res) => {
    const current = cloudflare.pools.find((p) => p.enabled)?.region;
    if (current !== serving && current !== pending) {
      pending = current;
      stale = fake.lag;
    }
    if (pending !== undefined && pending !== serving) {
      if (stale > 0 && serving !== undefined) stale--;
      else serving = pending;
    }
    const region = fake.stuckOn ?? serving;
    if (fake.down || region === undefined || req.path !== "/health") {
      res.writeHead(503);
      res.end();
      return;
    }
    res.writeHead(200, fake.anonymous ? {} : { "x-neuropilot-region": region });
    res.end('{"status":"ok"}');
  });
  return Object.assign(fake, { url, requests, close: closer(server) });
}

export interface NeonFake extends Fake {
  projects: Array<{ id: string; name: string }>;
  branches: Array<{ id: string; project_id: string; name: string; parent_timestamp?: string }>;
  created: Array<Record<string, unknown>>;
  deleted: string[];
  /** GETs of a new endpoint answered `init` before it turns `active`. */
  initReads: number;
  /** Answer endpoint GETs 500. */
  failEndpoint: boolean;
  /** The host new endpoints report. */
  endpointHost: string;
  /** Create the branch, then answer the create 500 (the answer is lost, the branch exists). */
  loseCreateAnswer: boolean;
}

export async function neonFake(): Promise<NeonFake> {
  const fake = {
    projects: [
      { id: "quiet-cell-12345678", name: "neuropilot" },
      { id: "calm-river-87654321", name: "neuropilot-staging-copy" },
    ],
    branches: [
      { id: "br-main-00000001", project_id: "quiet-cell-12345678", name: "main" },
      { id: "br-stage-00000002", project_id: "quiet-cell-12345678", name: "staging" },
    ] as NeonFake["branches"],
    created: [] as Array<Record<string, unknown>>,
    deleted: [] as string[],
    initReads: 2,
    failEndpoint: false,
    endpointHost: "127.0.0.1",
    loseCreateAnswer: false,
  };
  const reads = new Map<string, number>();
  const { server, url, requests } = await serve((req, res) => {
    const u = new URL(req.path, "http://x");
    const search = u.searchParams.get("search") ?? "";
    if (req.method === "GET" && u.pathname === "/projects")
      return json(res, 200, { projects: fake.projects.filter((p) => p.name.includes(search)), pagination: {} });
    let m = /^\/projects\/([^/]+)\/branches$/.exec(u.pathname);
    if (m && req.method === "GET")
      return json(res, 200, {
        branches: fake.branches.filter((b) => b.project_id === m?.[1] && b.name.includes(search)),
      });
    if (m && req.method === "POST") {
      const body = JSON.parse(req.body) as { branch: { name: string; parent_timestamp: string } };
      fake.created.push(body);
      const n = fake.created.length;
      const branch = {
        id: `br-drill-${n}`,
        project_id: m[1],
        name: body.branch.name,
        parent_timestamp: body.branch.parent_timestamp,
      };
      fake.branches.push(branch);
      if (fake.loseCreateAnswer) return json(res, 500, { message: "internal" });
      return json(res, 201, { branch, endpoints: [{ id: `ep-drill-${n}`, branch_id: branch.id }], operations: [] });
    }
    m = /^\/projects\/([^/]+)\/endpoints\/([^/]+)$/.exec(u.pathname);
    if (m && req.method === "GET") {
      if (fake.failEndpoint) return json(res, 500, { message: "internal" });
      const count = (reads.get(m[2]) ?? 0) + 1;
      reads.set(m[2], count);
      return json(res, 200, {
        endpoint: { id: m[2], host: fake.endpointHost, current_state: count > fake.initReads ? "active" : "init" },
      });
    }
    m = /^\/projects\/([^/]+)\/branches\/([^/]+)$/.exec(u.pathname);
    if (m && req.method === "DELETE") {
      const i = fake.branches.findIndex((b) => b.id === m?.[2]);
      if (i === -1) return json(res, 404, { message: "not found" });
      fake.branches.splice(i, 1);
      fake.deleted.push(m[2]);
      return json(res, 200, { branch: { id: m[2] }, operations: [] });
    }
    json(res, 404, { message: "not found" });
  });
  return Object.assign(fake, { url, requests, close: closer(server) });
}

/** Grafana Cloud's Influx write endpoint: 204 to every POST. */
export async function pushFake(): Promise<Fake> {
  const { server, url, requests } = await serve((_req, res) => {
    res.writeHead(204);
    res.end();
  });
  return { url: `${url}/api/v1/push/influx/write`, requests, close: closer(server) };
}

export interface OriginFake extends Fake {
  /** Answer 503. */
  down: boolean;
}

/** A region's origin: /health answers 200, or 503 when down. */
export async function originFake(): Promise<OriginFake> {
  const fake = { down: false };
  const { server, url, requests } = await serve((req, res) => {
    res.writeHead(fake.down || req.path !== "/health" ? 503 : 200);
    res.end();
  });
  return Object.assign(fake, { url, requests, close: closer(server) });
}
