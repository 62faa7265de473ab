// Maps GitHub secrets to a stack's Terraform input variables. GitHub stores secret names
// upper-case, Terraform variable names are case-sensitive, so `TF_VAR_<NAME>` secrets are
// matched case-insensitively against the variables the stack declares. A secret named
// `TF_VAR_<NAME>__<STACK>` (e.g. TF_VAR_SENTRY_BACKEND_DSN__NEUROPILOT_PRODUCTION)
// overrides the shared one for that stack only.
import { terraformVariableSecretName } from "../constructs/github/workflow-contract";

export interface VariableEnv {
  env: Record<string, string>;
  /** Declared variables no secret supplies (fine when they have defaults). */
  unmatched: string[];
}

export function secretNameFor(variable: string, stack?: string): string {
  const base = terraformVariableSecretName(variable);
  return stack === undefined ? base : `${base}__${stack.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

export function terraformVariableEnv(stack: string, variables: string[], secrets: Record<string, string>): VariableEnv {
  const env: Record<string, string> = {};
  const unmatched: string[] = [];
  for (const variable of variables) {
    const value = secrets[secretNameFor(variable, stack)] ?? secrets[secretNameFor(variable)];
    if (value === undefined || value === "") unmatched.push(variable);
    else env[`TF_VAR_${variable}`] = value;
  }
  return { env, unmatched };
}

/** Parses `${{ toJSON(secrets) }}`; anything else yields no secrets. */
export function parseSecretsJson(text: string | undefined): Record<string, string> {
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  const secrets: Record<string, string> = {};
  if (typeof parsed !== "object" || parsed === null) return secrets;
  for (const [name, value] of Object.entries(parsed))
    if (typeof value === "string") secrets[name.toUpperCase()] = value;
  return secrets;
}
