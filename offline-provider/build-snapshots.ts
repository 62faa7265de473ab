// Builds providers/offline/{cloudflare,github}.json, schema snapshots for the two
// providers that have prebuilt bindings but no committed `providers schema -json`
// output, from each provider's own repository at the release tag:
//   cloudflare 5.14.0: tfplugindocs pages (docs/) + Optional/Computed and schema
//                      versions from the framework schema.go the docs were made from
//   github 6.9.0:      SDKv2 schema literals in github/*.go (its docs are hand-written)
// Usage: tsx offline-provider/build-snapshots.ts [--cloudflare-git DIR] [--github-git DIR]
// where DIR is a clone (bare is fine) containing the tags.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyFrameworkFlags, frameworkFlags } from "./framework-flags";
import { REPO_ROOT } from "./paths";
import type { ProviderSchemaJson, SchemaJson } from "./schema";
import { blockFromDocs } from "./schema-from-docs";
import { providerFromSource, resourceFromSource, resourceFunctions, stringConstants } from "./schema-from-sdkv2";

export const CLOUDFLARE = {
  source: "registry.terraform.io/cloudflare/cloudflare",
  version: "5.14.0",
  repository: "https://github.com/cloudflare/terraform-provider-cloudflare",
  resources: [
    "cloudflare_dns_record",
    "cloudflare_zone_setting",
    "cloudflare_ruleset",
    "cloudflare_load_balancer",
    "cloudflare_load_balancer_pool",
    "cloudflare_load_balancer_monitor",
    "cloudflare_workers_script",
    "cloudflare_workers_cron_trigger",
    "cloudflare_workers_kv_namespace",
    "cloudflare_argo_smart_routing",
  ],
  dataSources: ["cloudflare_zone"],
};

export const GITHUB = {
  source: "registry.terraform.io/integrations/github",
  version: "6.9.0",
  repository: "https://github.com/integrations/terraform-provider-github",
  resources: [
    "github_repository_environment",
    "github_repository_environment_deployment_policy",
    "github_actions_secret",
    "github_actions_environment_secret",
    "github_actions_variable",
    "github_actions_environment_variable",
    "github_branch_protection",
    "github_repository_ruleset",
    "github_issue_label",
    "github_workflow_repository_permissions",
  ],
  dataSources: ["github_repository", "github_user"],
};

class GitTag {
  readonly commit: string;
  readonly files: string[] = [];
  constructor(
    private readonly gitDir: string,
    readonly tag: string,
  ) {
    this.commit = execFileSync("git", ["--git-dir", gitDir, "rev-parse", `${tag}^{commit}`], {
      encoding: "utf8",
    }).trim();
  }
  read(path: string): string {
    this.files.push(path);
    return execFileSync("git", ["--git-dir", this.gitDir, "show", `${this.commit}:${path}`], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
    });
  }
}

function snapshotDoc(
  p: { source: string; version: string; repository: string },
  git: GitTag,
  method: string,
  schema: ProviderSchemaJson,
) {
  return {
    provenance: {
      source: p.source,
      version: p.version,
      repository: p.repository,
      tag: git.tag,
      commit: git.commit,
      files: git.files,
      method,
    },
    format_version: "1.0",
    provider_schemas: { [p.source]: schema },
  };
}

export function buildCloudflare(gitDir: string) {
  const git = new GitTag(gitDir, `v${CLOUDFLARE.version}`);
  const build = (name: string, kind: "resources" | "data-sources"): SchemaJson => {
    const short = name.replace(/^cloudflare_/, "");
    const schema: SchemaJson = { version: 0, block: blockFromDocs(git.read(`docs/${kind}/${short}.md`)) };
    const goFile = `internal/services/${short}/${kind === "resources" ? "schema.go" : "data_source_schema.go"}`;
    const problems = applyFrameworkFlags(
      schema,
      frameworkFlags(git.read(goFile), kind === "resources" ? "ResourceSchema" : "DataSourceSchema"),
    );
    if (problems.length > 0) throw new Error(`${name}: docs and ${goFile} disagree:\n  ${problems.join("\n  ")}`);
    return schema;
  };
  const schema: ProviderSchemaJson = {
    provider: { version: 0, block: blockFromDocs(git.read("docs/index.md")) },
    resource_schemas: Object.fromEntries(CLOUDFLARE.resources.map((r) => [r, build(r, "resources")])),
    data_source_schemas: Object.fromEntries(CLOUDFLARE.dataSources.map((d) => [d, build(d, "data-sources")])),
  };
  const method =
    "parsed from the tfplugindocs pages (docs/index.md, docs/resources/*.md, docs/data-sources/*.md) by offline-provider/schema-from-docs.ts; " +
    "Computed on Optional attributes and schema versions, which the docs do not show, read from the terraform-plugin-framework schema.go files the docs were generated from " +
    "(docs and Go checked to agree on every attribute and on required-ness); filtered to the resources NeuroPilot uses";
  return snapshotDoc(CLOUDFLARE, git, method, schema);
}

export function buildGithub(gitDir: string) {
  const git = new GitTag(gitDir, `v${GITHUB.version}`);
  const providerSrc = git.read("github/provider.go");
  const consts = stringConstants([git.read("github/util_v4_consts.go")]);
  const resourceFns = resourceFunctions(providerSrc, "ResourcesMap");
  const dataFns = resourceFunctions(providerSrc, "DataSourcesMap");
  const build = (name: string, fns: Record<string, string>, prefix: string): SchemaJson => {
    const fn = fns[name];
    if (!fn) throw new Error(`${name} is not registered in github/provider.go`);
    return resourceFromSource(git.read(`github/${prefix}_${name}.go`), fn, consts);
  };
  const schema: ProviderSchemaJson = {
    provider: providerFromSource(providerSrc, consts),
    resource_schemas: Object.fromEntries(GITHUB.resources.map((r) => [r, build(r, resourceFns, "resource")])),
    data_source_schemas: Object.fromEntries(GITHUB.dataSources.map((d) => [d, build(d, dataFns, "data_source")])),
  };
  const method =
    "read from the terraform-plugin-sdk/v2 schema literals in github/*.go by offline-provider/schema-from-sdkv2.ts, converted with the SDK's CoreConfigSchema rules " +
    "(implicit optional+computed id, Required/MinItems on blocks, computed-only blocks as attributes); descriptions kept, defaults not represented; filtered to the resources NeuroPilot uses";
  return snapshotDoc(GITHUB, git, method, schema);
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function main(): void {
  const cloudflareGit = arg("--cloudflare-git", "/work/.mirror/cloudflare+terraform-provider-cloudflare/repo");
  const githubGit = arg("--github-git", "/work/.mirror/integrations+terraform-provider-github/repo");
  for (const [name, doc] of [
    ["cloudflare", buildCloudflare(cloudflareGit)],
    ["github", buildGithub(githubGit)],
  ] as const) {
    const out = join(REPO_ROOT, "providers", "offline", `${name}.json`);
    writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
    console.log(
      `wrote ${out} (${Object.keys(doc.provider_schemas[Object.keys(doc.provider_schemas)[0]].resource_schemas ?? {}).length} resources)`,
    );
  }
}

if (process.argv[1]?.endsWith("build-snapshots.ts")) main();
