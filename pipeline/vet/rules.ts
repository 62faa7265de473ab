// What a pull request's synthesised Terraform may contain before the trusted plan runs
// `terraform` on it with the plan credentials. The PR controls every byte of cdk.tf.json, and
// `terraform init`/`plan` run code and reach networks on its say: a provider from anywhere, a
// provider pointed at another endpoint (the credentials go with the request), a data source
// that runs a program or fetches a URL, a file read of /proc/self/environ. Each rule below is
// one refusal with its reason; vet-stack.ts applies them all, before any terraform process.
// The list is data: test/pipeline/vet.test.ts has a refused example per rule and per type.
import { isJsonObject, type JsonObject, type JsonValue } from "../synth/json";
import { normaliseSource, type ProviderPin } from "./provider-pins";

export interface VetPolicy {
  /** The stack being vetted: its Terraform Cloud workspace must be its own name. */
  stack: string;
  /** HCP Terraform organization of every workspace (config terraformCloudOrganization). */
  organization: string;
  /** The one workspace whose outputs a stack may read with terraform_remote_state. */
  remoteStateWorkspace: string;
  providers: Readonly<Record<string, ProviderPin>>;
  /** Provider block attributes allowed per provider, with the exact values allowed. */
  providerAttributes: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** Offline preview (no credentials): the local backend is allowed. */
  offline: boolean;
}

export interface Finding {
  rule: string;
  /** Where in cdk.tf.json, e.g. `data.external.x`. */
  at: string;
  message: string;
}

export interface VetRule {
  id: string;
  /** One line: what is refused and why. */
  summary: string;
  check(json: JsonObject, policy: VetPolicy): Finding[];
}

/** Top-level blocks a stack may have. `check` (scoped data sources), `ephemeral` and `module` may not. */
export const ALLOWED_BLOCKS: readonly string[] = [
  "//",
  "terraform",
  "provider",
  "resource",
  "data",
  "variable",
  "output",
  "locals",
  "removed",
  "moved",
  "import",
];

/**
 * Resource and data-source types that run programs, reach arbitrary URLs, read or write the
 * runner's files, or exist to carry arbitrary values through: refused in both blocks.
 */
export const FORBIDDEN_TYPES: ReadonlyArray<{ provider: string; types: readonly string[]; why: string }> = [
  { provider: "external", types: ["external"], why: "runs a program on the runner at plan time" },
  { provider: "http", types: ["http"], why: "fetches any URL at plan time" },
  {
    provider: "local",
    types: ["local_file", "local_sensitive_file", "local_command"],
    why: "reads or writes files on the runner",
  },
  { provider: "null", types: ["null_resource", "null_data_source"], why: "carries provisioners and triggers" },
  { provider: "terraform", types: ["terraform_data"], why: "carries provisioners and arbitrary values" },
];

/** Terraform functions that read the runner's files (/proc/self/environ holds the credentials). */
const FILE_FUNCTIONS =
  /(?:^|[^\w.:])(file|filebase64|filebase64sha256|filebase64sha512|fileexists|filemd5|filesha1|filesha256|filesha512|fileset|templatefile|abspath|pathexpand)\s*\(/;

const ref = (...parts: string[]): string => parts.join(".");

function objectAt(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** Every (block, type, name, body) of `resource` and `data`. */
function blocks(json: JsonObject): Array<{ kind: "resource" | "data"; type: string; name: string; body: JsonObject }> {
  const out: Array<{ kind: "resource" | "data"; type: string; name: string; body: JsonObject }> = [];
  for (const kind of ["resource", "data"] as const) {
    for (const [type, byName] of Object.entries(objectAt(json[kind]))) {
      for (const [name, body] of Object.entries(objectAt(byName))) out.push({ kind, type, name, body: objectAt(body) });
    }
  }
  return out;
}

const at = (kind: "resource" | "data", type: string, name: string): string =>
  kind === "data" ? ref("data", type, name) : ref(type, name);

/** The provider a resource type belongs to (Terraform's implied provider: the type's first word). */
function impliedProvider(type: string): string {
  return type.split("_")[0];
}

function forbiddenType(type: string): { provider: string; why: string } | undefined {
  return FORBIDDEN_TYPES.find(
    (entry) =>
      entry.types.includes(type) ||
      // Any other type of those providers too (terraform_remote_state has its own rule).
      (entry.provider !== "terraform" && (type === entry.provider || type.startsWith(`${entry.provider}_`))),
  );
}

/** Keys of `value` outside `allowed` (an object's keys; a non-object is itself wrong). */
function extraKeys(value: JsonValue | undefined, allowed: readonly string[]): string[] {
  if (!isJsonObject(value)) return ["(not an object)"];
  return Object.keys(value).filter((key) => !allowed.includes(key));
}

/** A Terraform Cloud workspace reference: exactly {organization, workspaces: {name}} with these values. */
function workspaceProblem(config: JsonValue | undefined, organization: string, workspace: string): string | undefined {
  const extra = extraKeys(config, ["organization", "workspaces"]);
  if (extra.length > 0) return `may set only organization and workspaces.name, not ${extra.join(", ")}`;
  const object = objectAt(config);
  const workspaces = extraKeys(object.workspaces, ["name"]);
  if (workspaces.length > 0) return `workspaces may set only name, not ${workspaces.join(", ")}`;
  if (object.organization !== organization)
    return `organization must be "${organization}", not ${JSON.stringify(object.organization)}`;
  const name = objectAt(object.workspaces).name;
  if (name !== workspace) return `workspace must be "${workspace}", not ${JSON.stringify(name)}`;
  return undefined;
}

/**
 * Offline only (the local backend's preview and the simulated account): a cross-stack
 * reference reads the platform stack's local state exactly as cdktf's local backend lays it
 * out (`../<stack>/terraform.<stack>.tfstate`), nothing else.
 */
function localStateProblem(object: Record<string, JsonValue>, workspace: string): string | undefined {
  const extra = extraKeys(object, ["//", "backend", "config", "workspace", "depends_on"]);
  if (extra.length > 0) return `may not set ${extra.join(", ")}`;
  const path = `../${workspace}/terraform.${workspace}.tfstate`;
  const config = objectAt(object.config);
  if (extraKeys(config, ["path"]).length > 0 || config.path !== path)
    return `the local backend may read only ${path}, not ${JSON.stringify(object.config)}`;
  if (object.workspace !== undefined && object.workspace !== "${terraform.workspace}")
    return `workspace must be "\${terraform.workspace}", not ${JSON.stringify(object.workspace)}`;
  return undefined;
}

export const VET_RULES: readonly VetRule[] = [
  {
    id: "block",
    summary: "only resource, data, provider, variable, output, locals, removed, moved and import blocks",
    check: (json) =>
      Object.keys(json)
        .filter((key) => !ALLOWED_BLOCKS.includes(key))
        .map((key) => ({
          rule: "block",
          at: key,
          message:
            key === "module"
              ? "modules are not allowed: their source is fetched and run by terraform init"
              : `the top-level block "${key}" is not allowed (allowed: ${ALLOWED_BLOCKS.filter((b) => b !== "//").join(", ")})`,
        })),
  },
  {
    id: "provider-pin",
    summary: "every required provider is one of the pinned sources at exactly its pinned version",
    check: (json, policy) =>
      Object.entries(objectAt(objectAt(json.terraform).required_providers)).flatMap(([name, spec]) => {
        const pin = policy.providers[name];
        const where = ref("terraform.required_providers", name);
        if (pin === undefined)
          return [
            { rule: "provider-pin", at: where, message: `provider "${name}" is not one of the pinned providers` },
          ];
        const { source, version } = objectAt(spec);
        if (typeof source !== "string" || normaliseSource(source) !== pin.source || version !== pin.version) {
          return [
            {
              rule: "provider-pin",
              at: where,
              message: `must be ${pin.source} at exactly ${pin.version}, not ${JSON.stringify(source)} ${JSON.stringify(version)}`,
            },
          ];
        }
        return [];
      }),
  },
  {
    id: "provider-undeclared",
    summary: "every provider used (block or resource type) is declared in required_providers",
    check: (json) => {
      const declared = Object.keys(objectAt(objectAt(json.terraform).required_providers));
      const used = new Map<string, string>();
      for (const name of Object.keys(objectAt(json.provider))) used.set(name, ref("provider", name));
      for (const { kind, type, name } of blocks(json)) {
        const provider = impliedProvider(type);
        // terraform_remote_state is Terraform's built-in provider; its own rule checks it.
        if (provider === "terraform" && type === "terraform_remote_state") continue;
        if (!used.has(provider)) used.set(provider, at(kind, type, name));
      }
      return [...used]
        .filter(([provider]) => !declared.includes(provider))
        .map(([provider, where]) => ({
          rule: "provider-undeclared",
          at: where,
          message: `provider "${provider}" is not declared with a pinned source and version in required_providers`,
        }));
    },
  },
  {
    id: "provider-config",
    summary: "provider blocks set no endpoint, base URL, credential or alias beyond a per-provider allow-list",
    check: (json, policy) =>
      Object.entries(objectAt(json.provider)).flatMap(([name, configs]) => {
        const allowed = policy.providerAttributes[name] ?? {};
        const list = Array.isArray(configs) ? configs : [configs];
        return list.flatMap((config, index) =>
          Object.entries(objectAt(config)).flatMap(([attribute, value]) => {
            if (attribute === "//") return [];
            const values = allowed[attribute];
            if (values !== undefined && typeof value === "string" && values.includes(value)) return [];
            return [
              {
                rule: "provider-config",
                at: `provider.${name}[${index}].${attribute}`,
                message:
                  values === undefined
                    ? `provider "${name}" may not set "${attribute}" (endpoints, URLs, credentials and aliases come from main's configuration only)`
                    : `provider "${name}" ${attribute} must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
              },
            ];
          }),
        );
      }),
  },
  {
    id: "provisioner",
    summary: "no provisioner or connection block (they run commands)",
    check: (json) =>
      blocks(json).flatMap(({ kind, type, name, body }) =>
        ["provisioner", "connection"]
          .filter((key) => key in body)
          .map((key) => ({
            rule: "provisioner",
            at: at(kind, type, name),
            message: `${key} blocks are not allowed: they run commands`,
          })),
      ),
  },
  {
    id: "forbidden-type",
    summary: `no ${FORBIDDEN_TYPES.map((entry) => entry.provider).join(", ")} or terraform_data resources or data sources`,
    check: (json) =>
      blocks(json).flatMap(({ kind, type, name }) => {
        const entry = forbiddenType(type);
        return entry === undefined
          ? []
          : [{ rule: "forbidden-type", at: at(kind, type, name), message: `${type} is not allowed: it ${entry.why}` }];
      }),
  },
  {
    id: "remote-state",
    summary: "terraform_remote_state only of the platform workspace in the configured organization",
    check: (json, policy) =>
      Object.entries(objectAt(objectAt(json.data).terraform_remote_state)).flatMap(([name, body]) => {
        const where = ref("data.terraform_remote_state", name);
        const object = objectAt(body);
        const extra = extraKeys(object, ["//", "backend", "config", "depends_on"]);
        if (object.backend === "local" && policy.offline) {
          const problem = localStateProblem(object, policy.remoteStateWorkspace);
          return problem === undefined ? [] : [{ rule: "remote-state", at: where, message: problem }];
        }
        const problem =
          object.backend !== "remote"
            ? `backend must be "remote", not ${JSON.stringify(object.backend)}`
            : extra.length > 0
              ? `may not set ${extra.join(", ")}`
              : workspaceProblem(object.config, policy.organization, policy.remoteStateWorkspace);
        return problem === undefined ? [] : [{ rule: "remote-state", at: where, message: problem }];
      }),
  },
  {
    id: "backend",
    summary: "state only in the stack's own Terraform Cloud workspace (the local backend only offline)",
    check: (json, policy) => {
      const terraform = objectAt(json.terraform);
      const findings: Finding[] = [];
      const push = (where: string, message: string): void => {
        findings.push({ rule: "backend", at: where, message });
      };
      for (const key of extraKeys(terraform, ["required_providers", "cloud", "backend"]))
        push(`terraform.${key}`, `terraform.${key} is not allowed`);
      const backends = Object.entries(objectAt(terraform.backend));
      if ("cloud" in terraform) {
        const problem = workspaceProblem(terraform.cloud, policy.organization, policy.stack);
        if (problem) push("terraform.cloud", problem);
      }
      for (const [type, config] of backends) {
        if (type === "remote") {
          const problem = workspaceProblem(config, policy.organization, policy.stack);
          if (problem) push("terraform.backend.remote", problem);
        } else if (type !== "local" || !policy.offline) {
          push(
            `terraform.backend.${type}`,
            type === "local"
              ? "the local backend is allowed only in the offline preview"
              : `the "${type}" backend is not allowed: state lives in the stack's Terraform Cloud workspace`,
          );
        }
      }
      if (!("cloud" in terraform) && backends.length === 0 && !policy.offline)
        push("terraform", `no backend: state must live in the Terraform Cloud workspace "${policy.stack}"`);
      if ("cloud" in terraform && backends.length > 0) push("terraform", "both a cloud block and a backend");
      return findings;
    },
  },
  {
    id: "file-function",
    summary: "no Terraform function that reads the runner's files (file, templatefile, fileset, …)",
    check: (json) => {
      const findings: Finding[] = [];
      const visit = (value: JsonValue, path: string): void => {
        if (findings.length >= 20) return;
        if (typeof value === "string") {
          const match = FILE_FUNCTIONS.exec(value);
          if (match)
            findings.push({
              rule: "file-function",
              at: path,
              message: `${match[1]}() reads files on the runner; not allowed in a pull request's configuration`,
            });
        } else if (Array.isArray(value)) value.forEach((item, i) => visit(item, `${path}[${i}]`));
        else if (isJsonObject(value))
          for (const [k, v] of Object.entries(value)) if (k !== "//") visit(v, ref(path, k));
      };
      for (const [key, value] of Object.entries(json)) if (key !== "//") visit(value, key);
      return findings;
    },
  },
  {
    id: "file-path",
    summary: "file attributes (…_file, filename) name a file inside the stack's own directory",
    check: (json) =>
      blocks(json).flatMap(({ kind, type, name, body }) =>
        Object.entries(body)
          .filter(([key, value]) => /(?:_file|^filename)$/.test(key) && typeof value === "string")
          .filter(([, value]) => {
            const path = value as string;
            return (
              path.startsWith("/") ||
              path.startsWith("~") ||
              /^[A-Za-z]:/.test(path) ||
              path.split(/[\\/]/).includes("..")
            );
          })
          .map(([key]) => ({
            rule: "file-path",
            at: ref(at(kind, type, name), key),
            message: `${key} must be a relative path inside the stack directory (no absolute path, no "..")`,
          })),
      ),
  },
];
