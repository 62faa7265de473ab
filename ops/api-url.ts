// Prints an environment's public API base URL from the validated config, for workflows:
//   node --import tsx ops/api-url.ts staging   →   https://api-staging.neuropilot.ai
import { ENVIRONMENT_SOURCES } from "../config";
import { loadEnvironments } from "../config/load";

export function apiUrl(environment: string): string {
  const name = environment.replace(/^neuropilot-/, "");
  const config = loadEnvironments(ENVIRONMENT_SOURCES).find((e) => e.name === name);
  if (!config) throw new Error(`unknown environment "${environment}"`);
  return `https://${config.cloudflare.hosts.api}`;
}

if (require.main === module) {
  try {
    console.log(apiUrl(process.argv[2] ?? ""));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  }
}
