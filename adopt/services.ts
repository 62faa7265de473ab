// The services discovery covers: which resource types each owns, the credential a deploy
// uses for it (the provider's own environment variable, stacks/providers.ts), where its API
// is (overridable, for the loopback fakes in test/adopt/), and its discovery function.
import { discoverCloudflare } from "./cloudflare";
import { discoverGitHub } from "./github";
import { discoverGrafana } from "./grafana";
import { discoverNeon } from "./neon";
import { discoverRailway } from "./railway";
import { discoverSentry } from "./sentry";
import type { DeclaredResource, Finding } from "./types";
import { CloudflareClient } from "../vendors/cloudflare/discovery";
import { GitHubClient } from "../vendors/github";
import { GrafanaClient } from "../vendors/grafana";
import { NeonClient } from "../vendors/neon/discovery";
import { RailwayClient } from "../vendors/railway";
import { SentryClient } from "../vendors/sentry";

/** What discovery knows of the stack besides its resources: its provider blocks. */
export interface StackProviders {
  grafana?: { url?: string };
  github?: { owner?: string };
}

export interface Service {
  name: string;
  prefix: string;
  credentialVar: string;
  /** What to export, for the one-line "not set" report. */
  credentialHint: string;
  /** A discovery run, or why it cannot run beyond the missing credential. */
  start(
    env: NodeJS.ProcessEnv,
    providers: StackProviders,
  ): ((resources: DeclaredResource[]) => Promise<Finding[]>) | string;
}

export const SERVICES: readonly Service[] = [
  {
    name: "Cloudflare",
    prefix: "cloudflare_",
    credentialVar: "CLOUDFLARE_API_TOKEN",
    credentialHint: "a token with read access to the zone and account",
    start: (env) => {
      const client = new CloudflareClient({
        token: env.CLOUDFLARE_API_TOKEN ?? "",
        baseUrl: env.CLOUDFLARE_API_BASE_URL,
      });
      return (resources) => discoverCloudflare(resources, client);
    },
  },
  {
    name: "Neon",
    prefix: "neon_",
    credentialVar: "NEON_API_KEY",
    credentialHint: "an API key of the organization that owns the project",
    start: (env) => {
      const client = new NeonClient({ apiKey: env.NEON_API_KEY ?? "", baseUrl: env.NEON_API_BASE_URL });
      return (resources) => discoverNeon(resources, client);
    },
  },
  {
    name: "Railway",
    prefix: "railway_",
    credentialVar: "RAILWAY_TOKEN",
    credentialHint: "an account or team token that can read the projects",
    start: (env) => {
      const client = new RailwayClient({ token: env.RAILWAY_TOKEN ?? "", baseUrl: env.RAILWAY_API_URL });
      return (resources) => discoverRailway(resources, client);
    },
  },
  {
    name: "Grafana",
    prefix: "grafana_",
    credentialVar: "GRAFANA_AUTH",
    credentialHint: "a service account token with Viewer access (or user:password)",
    start: (env, providers) => {
      const url = env.GRAFANA_URL ?? providers.grafana?.url;
      if (!url) return "the stack's grafana provider has no url; set GRAFANA_URL";
      const client = new GrafanaClient({ auth: env.GRAFANA_AUTH ?? "", url });
      return (resources) => discoverGrafana(resources, client);
    },
  },
  {
    name: "Sentry",
    prefix: "sentry_",
    credentialVar: "SENTRY_AUTH_TOKEN",
    credentialHint: "an auth token with org:read and project:read",
    start: (env) => {
      const client = new SentryClient({ token: env.SENTRY_AUTH_TOKEN ?? "", baseUrl: env.SENTRY_BASE_URL });
      return (resources) => discoverSentry(resources, client);
    },
  },
  {
    name: "GitHub",
    prefix: "github_",
    credentialVar: "GITHUB_TOKEN",
    credentialHint: "a token that can read the repository's administration settings",
    start: (env, providers) => {
      const owner = env.GITHUB_OWNER ?? providers.github?.owner;
      if (!owner) return "the stack's github provider has no owner; set GITHUB_OWNER";
      const client = new GitHubClient({ token: env.GITHUB_TOKEN ?? "", owner, baseUrl: env.GITHUB_BASE_URL });
      return (resources) => discoverGitHub(resources, client);
    },
  },
];
