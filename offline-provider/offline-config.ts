// Rewrites a synthesised stack config so it can be planned offline, in a temp copy:
//  - remote backends (terraform.backend.*, terraform.cloud) removed: state is local;
//  - cross-stack `terraform_remote_state` data sources (cdktf's cross-stack
//    references) pointed at generated local state files whose outputs hold typed
//    placeholders, since the producing stack's real outputs are not available;
//  - required variables without a value get placeholders (TF_VAR_* still wins).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type CtyType, type CtyValue, DynamicValue, isRecord } from "./cty";
import { placeholder } from "./planner";
import { type LoadedSnapshot, attributeType } from "./schema";

type Json = Record<string, unknown>;

export function withLocalBackend(config: unknown): unknown {
  if (!isRecord(config) || !isRecord(config.terraform)) return config;
  const terraform = { ...config.terraform };
  delete terraform.backend;
  delete terraform.cloud;
  return { ...config, terraform };
}

function toJson(v: CtyValue): unknown {
  if (v instanceof DynamicValue) return toJson(v.value);
  if (Array.isArray(v)) return v.map(toJson);
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x as CtyValue)]));
  return v;
}

function hasDynamic(t: CtyType): boolean {
  if (typeof t === "string") return t === "dynamic";
  if (t[0] === "object") return Object.values(t[1]).some(hasDynamic);
  if (t[0] === "tuple") return t[1].some(hasDynamic);
  return hasDynamic(t[1]);
}

/** Type of `${type.name.attr}` from the snapshots, if the output is such a reference. */
function referenceType(expr: unknown, snapshots: LoadedSnapshot[]): CtyType | undefined {
  const m = typeof expr === "string" ? /^\$\{([a-z0-9_]+)\.[\w-]+\.([a-z0-9_]+)\}$/.exec(expr) : null;
  if (!m) return undefined;
  for (const s of snapshots) {
    const attr = s.schema.resource_schemas?.[m[1]]?.block.attributes?.[m[2]];
    if (attr) return attributeType(attr);
  }
  return undefined;
}

/** Output name -> value expression, over every sibling stack's config. */
function siblingOutputs(stackDir: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const parent = dirname(stackDir);
  for (const name of existsSync(parent) ? readdirSync(parent) : []) {
    const file = join(parent, name, "cdk.tf.json");
    if (!existsSync(file)) continue;
    const config: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (!isRecord(config) || !isRecord(config.output)) continue;
    for (const [k, o] of Object.entries(config.output)) if (isRecord(o)) out.set(k, o.value);
  }
  return out;
}

function rewriteRemoteState(config: Json, stackDir: string, stateDir: string, snapshots: LoadedSnapshot[]): void {
  const data = isRecord(config.data) ? config.data : undefined;
  const remote = data && isRecord(data.terraform_remote_state) ? data.terraform_remote_state : undefined;
  if (!remote) return;
  const text = JSON.stringify(config);
  const producers = siblingOutputs(stackDir);
  mkdirSync(stateDir, { recursive: true });
  for (const [name, ds] of Object.entries(remote)) {
    if (!isRecord(ds)) continue;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const used = new Set(
      [...text.matchAll(new RegExp(`terraform_remote_state\\.${escaped}\\.outputs\\.([\\w-]+)`, "g"))].map((m) => m[1]),
    );
    const outputs: Json = {};
    for (const out of used) {
      let type = referenceType(producers.get(out), snapshots) ?? "string";
      if (hasDynamic(type)) type = "string";
      outputs[out] = { value: toJson(placeholder(type, `-remote-${out}`)), type };
    }
    const path = join(stateDir, `${name}.tfstate`);
    writeFileSync(
      path,
      JSON.stringify({
        version: 4,
        terraform_version: "1.11.4",
        serial: 1,
        lineage: "offline-preview",
        outputs,
        resources: [],
      }),
    );
    remote[name] = { ...ds, backend: "local", config: { path } };
    delete (remote[name] as Json).workspace;
  }
}

/** Placeholder for a variable's declared type ("string", "list(string)", ...). */
function variablePlaceholder(name: string, type: unknown): unknown {
  const t = typeof type === "string" ? type.replace(/\s/g, "") : "string";
  if (t === "number") return 0;
  if (t === "bool") return false;
  if (/^(list|set|tuple)\(/.test(t)) return [];
  if (/^(map|object)\(/.test(t)) return {};
  return `offline-var-${name}`;
}

export interface OfflineConfig {
  config: unknown;
  /** Variables given placeholders, written as an auto.tfvars.json file by the caller. */
  variables: Json;
}

export function offlineConfig(
  config: unknown,
  stackDir: string,
  stateDir: string,
  snapshots: LoadedSnapshot[],
): OfflineConfig {
  const rewritten = withLocalBackend(structuredClone(config));
  if (!isRecord(rewritten)) return { config: rewritten, variables: {} };
  rewriteRemoteState(rewritten, stackDir, stateDir, snapshots);
  return { config: rewritten, variables: placeholderVariables(rewritten) };
}

/** Placeholders for the required variables that have no value (TF_VAR_* still wins). */
export function placeholderVariables(config: unknown): Json {
  const variables: Json = {};
  const declared = isRecord(config) && isRecord(config.variable) ? config.variable : {};
  for (const [name, v] of Object.entries(declared)) {
    if (!isRecord(v) || "default" in v || process.env[`TF_VAR_${name}`] !== undefined) continue;
    variables[name] = variablePlaceholder(name, v.type);
  }
  return variables;
}

export function writeVariables(dir: string, variables: Json): void {
  if (Object.keys(variables).length > 0)
    writeFileSync(join(dir, "offline-placeholders.auto.tfvars.json"), JSON.stringify(variables, null, 2));
}
