// Maps GitHub secrets to a stack's Terraform input variables. The workflows name each
// TF_VAR_<NAME> secret in the plan step's env (never `toJSON(secrets)`); each stack's
// Terraform process then gets only the variables that stack declares. GitHub stores secret names
// upper-case, Terraform variable names are case-sensitive, so `TF_VAR_<NAME>` secrets are
// matched case-insensitively against the variables the stack declares. A secret named
// `TF_VAR_<NAME>__<STACK>` (e.g. TF_VAR_SENTRY_BACKEND_DSN__NEUROPILOT_PRODUCTION)
// overrides the shared one for that stack only.
import { terraformVariableSecretName } from "../../constructs/github/workflow-contract";

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

/** The TF_VAR_* values in the environment, by upper-cased name (GitHub's secret names). */
export function variableSecretsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.toUpperCase().startsWith("TF_VAR_") && value) secrets[name.toUpperCase()] = value;
  }
  return secrets;
}

/** The environment without any TF_VAR_*: each stack's Terraform gets only its own. */
export function withoutVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.toUpperCase().startsWith("TF_VAR_")));
}
