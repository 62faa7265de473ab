// npm run worker-secrets -- <stack> [--synth cdktf.out] [--check]
// Sets the auto-heal Worker's secrets after an apply, through Cloudflare's secrets API
// (vendors/cloudflare/worker-secrets.ts: one PUT per secret, token permission "Workers Scripts Write").
// The values come from AUTOHEAL_<BINDING> environment variables (GitHub environment secrets
// of the Worker's environment in deploy's apply job) and the token from CLOUDFLARE_API_TOKEN.
// They are never Terraform inputs, so no plan job holds them (constructs/cloudflare/autoheal-secrets.ts).
// A missing value stops the run before any request (--check only checks, before the apply);
// each secret is one idempotent PUT; every line printed passes through the redaction module
// with the values as known secrets.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  AUTOHEAL_SECRETS,
  type AutohealSecretSpec,
  autohealSecretName,
  autohealSecretsFor,
} from "../../constructs/cloudflare/autoheal-secrets";
import { redact } from "../../secrets/redact";
import { WorkerSecretsClient, type WorkerSecretsClientOptions } from "../../vendors/cloudflare/worker-secrets";
import { VendorApiError } from "../../vendors/http";

const USAGE = "usage: npm run worker-secrets -- <stack> [--synth cdktf.out] [--check] | --help";

/** A Worker of the stack that keeps secrets set outside Terraform. */
export interface SecretWorker {
  accountId: string;
  scriptName: string;
  secrets: AutohealSecretSpec[];
}

/** A problem a person fixes: one line, exit 1. */
export class WorkerSecretsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkerSecretsError";
  }
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The auto-heal Workers a synthesised stack declares: `cloudflare_workers_script` resources
 * carrying the Worker's CONFIG, whose `telemetry` says whether the telemetry secrets are
 * needed too. One that does not keep secret_text bindings is an error: the next upload of
 * its script would wipe whatever this sets.
 */
export function secretWorkers(stack: unknown, stackName: string): SecretWorker[] {
  const scripts = isObject(stack) && isObject(stack.resource) ? stack.resource.cloudflare_workers_script : undefined;
  if (!isObject(scripts)) return [];
  const workers: SecretWorker[] = [];
  for (const [logicalId, attrs] of Object.entries(scripts)) {
    if (!isObject(attrs)) continue;
    const bindings = Array.isArray(attrs.bindings) ? attrs.bindings.filter(isObject) : [];
    const config = bindings.find((b) => b.type === "plain_text" && b.name === "CONFIG");
    if (config === undefined) continue;
    const where = `${stackName}: cloudflare_workers_script.${logicalId}`;
    if (!(Array.isArray(attrs.keep_bindings) && attrs.keep_bindings.includes("secret_text"))) {
      throw new WorkerSecretsError(
        `${where} does not keep secret_text bindings (keep_bindings); the next upload would drop the secrets (constructs/cloudflare/autoheal-worker.ts)`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(config.text));
    } catch {
      throw new WorkerSecretsError(`${where}: its CONFIG binding is not JSON; synthesise again (npm run synth)`);
    }
    const { account_id: accountId, script_name: scriptName } = attrs;
    if (typeof accountId !== "string" || typeof scriptName !== "string" || /\$\{/.test(accountId + scriptName)) {
      throw new WorkerSecretsError(`${where}: account_id and script_name must be literal strings in the stack`);
    }
    const telemetry = isObject(parsed) && parsed.telemetry !== undefined;
    workers.push({ accountId, scriptName, secrets: autohealSecretsFor(telemetry) });
  }
  return workers;
}

/** The value of every secret the Workers need, or one error naming all that are missing. */
export function secretValues(workers: readonly SecretWorker[], env: NodeJS.ProcessEnv): Map<string, string> {
  const names = [...new Set(workers.flatMap((w) => w.secrets.map(autohealSecretName)))];
  const missing = names.filter((name) => !env[name]);
  if (!env.CLOUDFLARE_API_TOKEN) missing.unshift("CLOUDFLARE_API_TOKEN");
  if (missing.length > 0) {
    throw new WorkerSecretsError(
      `worker-secrets: ${missing.join(", ")} not set; nothing was changed (export them: docs/operations.md#secrets)`,
    );
  }
  return new Map(names.map((name) => [name, env[name] ?? ""]));
}

export interface SetOptions extends WorkerSecretsClientOptions {
  /** Receives each line to print (names only); the caller prints it through its redacting printer. */
  log: (line: string) => void;
}

/** One PUT per secret per Worker; stops at the first failure with a one-line error. */
export async function setWorkerSecrets(
  workers: readonly SecretWorker[],
  values: ReadonlyMap<string, string>,
  options: SetOptions,
): Promise<number> {
  const client = new WorkerSecretsClient(options);
  let set = 0;
  for (const worker of workers) {
    for (const spec of worker.secrets) {
      const text = values.get(autohealSecretName(spec)) ?? "";
      await client.put({ accountId: worker.accountId, scriptName: worker.scriptName, name: spec.binding, text });
      options.log(`set ${spec.binding} on ${worker.scriptName}`);
      set++;
    }
  }
  return set;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  // Every line leaves through here, redacted with every value this run could know.
  const known = [
    env.CLOUDFLARE_API_TOKEN ?? "",
    ...AUTOHEAL_SECRETS.map((spec) => env[autohealSecretName(spec)] ?? ""),
  ];
  const out = (line: string) => console.log(redact(line, known));
  const fail = (line: string, code: number) => {
    console.error(redact(line.split("\n").join(" "), known));
    return code;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        synth: { type: "string", default: "cdktf.out" },
        check: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}; ${USAGE}`, 2);
  }
  const { positionals, values: flags } = parsed;
  if (flags.help) {
    out(USAGE);
    return 0;
  }
  const [stack] = positionals;
  if (!stack || positionals.length > 1) return fail(USAGE, 2);
  const stackJson = join(flags.synth, "stacks", stack, "cdk.tf.json");
  if (!existsSync(stackJson)) return fail(`worker-secrets: ${stackJson} not found; run npm run synth first`, 1);
  try {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(stackJson, "utf8"));
    } catch {
      throw new WorkerSecretsError(`worker-secrets: ${stackJson} is not JSON; run npm run synth again`);
    }
    const workers = secretWorkers(json, stack);
    if (workers.length === 0) {
      out(`worker-secrets: ${stack} has no auto-heal Worker; nothing to set`);
      return 0;
    }
    const values = secretValues(workers, env);
    const names = workers.map((w) => w.scriptName).join(", ");
    if (flags.check) {
      out(`worker-secrets: all ${values.size} secret(s) for ${names} are set (check only, nothing sent)`);
      return 0;
    }
    const count = await setWorkerSecrets(workers, values, {
      token: env.CLOUDFLARE_API_TOKEN ?? "",
      baseUrl: env.CLOUDFLARE_API_BASE_URL,
      log: out,
    });
    out(`worker-secrets: ${count} secret(s) set on ${names}`);
    return 0;
  } catch (error) {
    if (error instanceof WorkerSecretsError || error instanceof VendorApiError) return fail(error.message, 1);
    // A bug, still printed redacted: the values are in this process's environment.
    return fail(
      `worker-secrets: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      1,
    );
  }
}
