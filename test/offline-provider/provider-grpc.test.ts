// The provider's gRPC surface, in process: what Terraform calls, minus Terraform.
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnknownValue, type CtyValue } from "../../offline-provider/cty";
import { decodeCty, encodeCty } from "../../offline-provider/cty-msgpack";
import { PROTO_DIR, REPO_ROOT } from "../../offline-provider/paths";
import { blockType, readSnapshot } from "../../offline-provider/schema";
import { type StartedServer, startProviderServer } from "../../offline-provider/serve";

type Reply = Record<string, unknown>;
type Unary = (req: object, cb: (err: grpc.ServiceError | null, res: Reply) => void) => void;

const SNAPSHOT = join(REPO_ROOT, "providers/offline/cloudflare.json");
const files = ["tfplugin6.proto", "grpc_controller.proto", "health.proto"].map((f) => join(PROTO_DIR, f));

let started: StartedServer;
let shutdownCalled = false;
const clients: grpc.Client[] = [];

function client(path: string): grpc.Client {
  const pkg = grpc.loadPackageDefinition(
    protoLoader.loadSync(files, { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true }),
  );
  let node: unknown = pkg;
  for (const part of path.split(".")) node = (node as Record<string, unknown>)[part];
  const Ctor = node as typeof grpc.Client;
  const c = new Ctor(started.address, grpc.credentials.createInsecure());
  clients.push(c);
  return c;
}

function call(c: grpc.Client, method: string, req: object = {}): Promise<Reply> {
  const fn = (c as unknown as Record<string, Unary>)[method].bind(c);
  return new Promise((resolve, reject) => fn(req, (err, res) => (err ? reject(err) : resolve(res))));
}

beforeAll(async () => {
  started = await startProviderServer(SNAPSHOT, PROTO_DIR, () => (shutdownCalled = true));
});

afterAll(() => {
  for (const c of clients) c.close();
  started.server.forceShutdown();
});

describe("offline provider over gRPC", () => {
  it("reports SERVING to go-plugin's health check", async () => {
    expect(await call(client("grpc.health.v1.Health"), "Check", { service: "plugin" })).toEqual({ status: "SERVING" });
  });

  it("serves the snapshot as tfplugin6 schemas", async () => {
    const res = await call(client("tfplugin6.Provider"), "GetProviderSchema");
    const resources = res.resource_schemas as Record<
      string,
      { block: { attributes: { name: string; type: Buffer; required: boolean }[] } }
    >;
    expect(Object.keys(resources)).toContain("cloudflare_dns_record");
    const ttl = resources.cloudflare_dns_record.block.attributes.find((a) => a.name === "ttl");
    expect(ttl?.required).toBe(true);
    expect(JSON.parse(ttl?.type.toString() ?? "null")).toBe("number");
    expect(res.diagnostics).toEqual([]);
  });

  it("plans a create with computed attributes unknown", async () => {
    const schema = readSnapshot(SNAPSHOT).schema.resource_schemas?.cloudflare_workers_kv_namespace;
    if (!schema) throw new Error("snapshot lacks cloudflare_workers_kv_namespace");
    const type = blockType(schema.block);
    const proposed = { account_id: "acc", title: "cache", id: null, supports_url_encoding: null };
    const res = await call(client("tfplugin6.Provider"), "PlanResourceChange", {
      type_name: "cloudflare_workers_kv_namespace",
      prior_state: { msgpack: encodeCty(null, type) },
      proposed_new_state: { msgpack: encodeCty(proposed, type) },
      config: { msgpack: encodeCty(proposed, type) },
    });
    expect(res.diagnostics).toEqual([]);
    const planned = decodeCty((res.planned_state as { msgpack: Buffer }).msgpack, type) as Record<string, CtyValue>;
    expect(planned.title).toBe("cache");
    expect(planned.id).toBeInstanceOf(UnknownValue);
  });

  it("answers unknown resource types and apply with diagnostics, not crashes", async () => {
    const p = client("tfplugin6.Provider");
    const unknownType = await call(p, "ValidateResourceConfig", { type_name: "cloudflare_nope" });
    expect(JSON.stringify(unknownType.diagnostics)).toContain("no resource schema");
    const apply = await call(p, "ApplyResourceChange", { type_name: "cloudflare_workers_kv_namespace" });
    expect(JSON.stringify(apply.diagnostics)).toContain("cannot apply");
  });

  it("asks its host to exit on GRPCController.Shutdown", async () => {
    await call(client("plugin.GRPCController"), "Shutdown");
    await new Promise((r) => setImmediate(r));
    expect(shutdownCalled).toBe(true);
  });
});
