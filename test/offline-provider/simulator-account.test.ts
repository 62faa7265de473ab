// The simulated account's store and its service models, without Terraform: apply writes
// live objects with deterministic computed values, refresh reads them back (or null when
// gone), import finds them by import id, `change` makes drift, and the store survives
// concurrent writers through its lock.
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UNKNOWN, type CtyValue } from "../../offline-provider/cty";
import { readSnapshot } from "../../offline-provider/schema";
import { applyChange, importLive, readLive } from "../../offline-provider/simulator/account";
import { changeObject } from "../../offline-provider/simulator/cli";
import { readStore, updateStore } from "../../offline-provider/simulator/store";

const neon = readSnapshot(join(__dirname, "../../providers/neon.json")).schema.resource_schemas ?? {};
const cloudflare =
  readSnapshot(join(__dirname, "../../providers/offline/cloudflare.json")).schema.resource_schemas ?? {};
const projectBlock = neon.neon_project.block;

let dir = "";
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), "np-sim-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A planned neon_project create: the configured values, every computed attribute unknown. */
function plannedProject(name: string, retention = 86400): Record<string, CtyValue> {
  const planned: Record<string, CtyValue> = {};
  for (const [attr, schema] of Object.entries(projectBlock.attributes ?? {}))
    planned[attr] = schema.computed ? UNKNOWN : null;
  Object.assign(planned, { name, region_id: "aws-us-east-2", history_retention_seconds: retention });
  planned.branch = [{ id: UNKNOWN, name: "main", role_name: "neuropilot_app_owner", database_name: "neuropilot" }];
  planned.default_endpoint_settings = [];
  planned.maintenance_window = [];
  planned.quota = [];
  return planned;
}

const obj = (v: CtyValue): Record<string, CtyValue> => v as Record<string, CtyValue>;

describe("apply against the simulated account", () => {
  it("creates a Neon project with the ids, hosts and connection URI the service would fill", () => {
    const state = obj(applyChange(dir, "neon_project", projectBlock, null, plannedProject("neuropilot")));
    expect(state.id).toMatch(/^[a-z]+-[a-z]+-\d{8}$/);
    expect(state.default_endpoint_id).toMatch(/^ep-[a-z]+-[a-z]+-\d{8}$/);
    expect(state.database_host).toBe(`${String(state.default_endpoint_id)}.us-east-2.aws.neon.tech`);
    expect(state.database_host_pooler).toBe(`${String(state.default_endpoint_id)}-pooler.us-east-2.aws.neon.tech`);
    expect(state.connection_uri).toBe(
      `postgresql://neuropilot_app_owner:${String(state.database_password)}@${String(state.database_host)}/neuropilot?sslmode=require`,
    );
    // Nested computed values are filled too, and the URIs stay sensitive in the schema.
    expect(obj((state.branch as CtyValue[])[0]).id).toEqual(expect.any(String));
    expect(projectBlock.attributes?.connection_uri.sensitive).toBe(true);
    expect(Object.keys(readStore(dir).objects.neon_project)).toEqual([state.id]);
  });

  it("is deterministic: the same create in a fresh account gets the same values", () => {
    const first = applyChange(dir, "neon_project", projectBlock, null, plannedProject("neuropilot"));
    const other = mkdtempSync(join(tmpdir(), "np-sim-"));
    try {
      expect(applyChange(other, "neon_project", projectBlock, null, plannedProject("neuropilot"))).toEqual(first);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("gives two identical creates different ids", () => {
    const a = obj(applyChange(dir, "neon_project", projectBlock, null, plannedProject("twin")));
    const b = obj(applyChange(dir, "neon_project", projectBlock, null, plannedProject("twin")));
    expect(a.id).not.toBe(b.id);
    expect(Object.keys(readStore(dir).objects.neon_project)).toHaveLength(2);
  });

  it("updates in place under the same id and deletes on a null plan", () => {
    const created = obj(applyChange(dir, "neon_project", projectBlock, null, plannedProject("neuropilot")));
    const updated = obj(
      applyChange(dir, "neon_project", projectBlock, created, { ...created, history_retention_seconds: 3600 }),
    );
    expect(updated.id).toBe(created.id);
    expect(obj(readLive(dir, "neon_project", projectBlock, created)).history_retention_seconds).toBe(3600);
    expect(applyChange(dir, "neon_project", projectBlock, updated, null)).toBeNull();
    expect(readLive(dir, "neon_project", projectBlock, created)).toBeNull();
  });

  it("refresh returns what lives in the account: an out-of-band change is drift", () => {
    const created = obj(applyChange(dir, "neon_project", projectBlock, null, plannedProject("neuropilot")));
    const line = changeObject(dir, `neon_project/${String(created.id)}`, "history_retention_seconds=3600");
    expect(line).toBe(`neon_project "${String(created.id)}": history_retention_seconds = 3600`);
    expect(obj(readLive(dir, "neon_project", projectBlock, created)).history_retention_seconds).toBe(3600);
    expect(() => changeObject(dir, `neon_project/${String(created.id)}`, "no_such_attribute=1")).toThrow(
      /has no attribute no_such_attribute/,
    );
    expect(() => changeObject(dir, "neon_project/missing-id-1", "name=x")).toThrow(
      /no neon_project with id "missing-id-1"/,
    );
    expect(() => changeObject(dir, `neon_project/${String(created.id)}`, "name")).toThrow(/is not <attr>=<value>/);
  });

  it("import finds a live object by its import id and refuses one the account does not hold", () => {
    const block = cloudflare.cloudflare_dns_record.block;
    const planned: Record<string, CtyValue> = {};
    for (const [attr, schema] of Object.entries(block.attributes ?? {}))
      planned[attr] = schema.computed ? UNKNOWN : null;
    const zone = "a".repeat(32);
    Object.assign(planned, {
      zone_id: zone,
      name: "api.example.com",
      type: "CNAME",
      content: "x.example.net",
      ttl: 1,
      proxied: true,
    });
    const created = obj(applyChange(dir, "cloudflare_dns_record", block, null, planned));
    expect(created.id).toMatch(/^[0-9a-f]{32}$/);
    expect(obj(importLive(dir, "cloudflare_dns_record", `${zone}/${String(created.id)}`, block) ?? null).content).toBe(
      "x.example.net",
    );
    // Same record id in another zone: not this object.
    expect(importLive(dir, "cloudflare_dns_record", `${"b".repeat(32)}/${String(created.id)}`, block)).toBeUndefined();
    expect(importLive(dir, "cloudflare_dns_record", `${zone}/${"c".repeat(32)}`, block)).toBeUndefined();
  });
});

describe("the store", () => {
  it("waits for a held lock and takes over a stale one", () => {
    writeFileSync(join(dir, "account.lock"), "");
    const old = new Date(Date.now() - 31_000);
    utimesSync(join(dir, "account.lock"), old, old);
    updateStore(dir, (s) => void (s.objects.x = { a: { id: "a" } }));
    expect(readStore(dir).objects.x.a).toEqual({ id: "a" });
  });

  it("writes atomically: no temp file is left and a failed change writes nothing", () => {
    updateStore(dir, (s) => void (s.objects.x = { a: { id: "a" } }));
    expect(() =>
      updateStore(dir, (s) => {
        s.objects.x.b = { id: "b" };
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(Object.keys(readStore(dir).objects.x)).toEqual(["a"]);
    expect(readFileSync(join(dir, "account.json"), "utf8")).not.toContain('"b"');
  });

  it("refuses a file that is not a simulated account, naming the fix", () => {
    writeFileSync(join(dir, "account.json"), JSON.stringify({ version: 9 }));
    expect(() => readStore(dir)).toThrow(/not a simulated account.*npm run simulate -- reset/);
  });
});
