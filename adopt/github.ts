// GitHub discovery: the repository's environments, their deployment branch policies, the
// rulesets, labels and Actions secrets a stack declares, read-only, with the token a deploy
// uses (GITHUB_TOKEN; the owner is the provider's `owner`), against GITHUB_BASE_URL (the
// provider's, default https://api.github.com/). GitHub REST API
// (https://docs.github.com/en/rest), pagination through the `Link` header:
//   repository       GET repos/{owner}/{repo}                                             (404: an error)
//   environment      GET repos/{owner}/{repo}/environments/{name}                          (404: none)
//   branch policies  GET repos/{owner}/{repo}/environments/{name}/deployment-branch-policies → { branch_policies: [{ id, name }] }
//   rulesets         GET repos/{owner}/{repo}/rulesets?includes_parents=false               → [{ id, name, source_type }]
//                    (the list includes organization and enterprise rulesets unless
//                    includes_parents=false; only source_type "Repository" is the repository's own:
//                    @octokit/openapi 23.0.2, repos/get-repo-rulesets)
//   label            GET repos/{owner}/{repo}/labels/{name}                                (404: none)
//   Actions secret   GET repos/{owner}/{repo}/actions/secrets/{name}                       (name and dates, never the value)
// Import ids (integrations/terraform-provider-github v6.9.0 website/docs/r/*.html.markdown
// Import; config/import-ids.ts): environment `<repo>:<env>`, deployment policy
// `<repo>:<env>:<policy_id>`, ruleset `<repo>:<ruleset_id>`, label `<repo>:<name>`, Actions
// secret `<repo>/<secret_name>`, workflow permissions `<repo>` (they exist with the repository).
// Environment secrets cannot be imported (NOT_IMPORTABLE).
import { absent, found, literal, memo, unmanaged, unmatched } from "./match";
import type { DeclaredResource, Finding } from "./types";
import type { GitHubClient } from "../vendors/github";
import { anchorNotFound } from "../vendors/http";

const SERVICE = "GitHub";
type Item = Record<string, unknown>;

const seg = encodeURIComponent;

/** Finds the live object of each declared GitHub resource. */
export async function discoverGitHub(resources: readonly DeclaredResource[], client: GitHubClient): Promise<Finding[]> {
  const lists = memo<Item[]>();
  const repos = memo<boolean>();
  const findings: Finding[] = [];
  for (const resource of resources.filter((r) => r.type.startsWith("github_"))) {
    const a = resource.attributes;
    const repo = literal(a.repository);
    if (!repo) {
      findings.push(unmatched(resource, "repository must be literal"));
      continue;
    }
    const base = `repos/${seg(client.owner)}/${seg(repo)}`;
    if (!(await repos(base, () => client.exists(base))))
      throw anchorNotFound(
        SERVICE,
        `repository ${client.owner}/${repo}`,
        "check github.owner/repository in config and the token's repository access",
      );
    const named = async (name: string | undefined, what: string, path: string, id: string) => {
      if (!name) return unmatched(resource, `the ${what} name is not literal`);
      return (await client.exists(path)) ? found(resource, id, `${what} ${name}`) : absent(resource, `${what} ${name}`);
    };
    switch (resource.type) {
      case "github_repository_environment": {
        const env = literal(a.environment);
        findings.push(await named(env, "environment", `${base}/environments/${seg(env ?? "")}`, `${repo}:${env}`));
        break;
      }
      case "github_workflow_repository_permissions":
        // Every repository has these settings: adopting is importing them by the repository's name.
        findings.push(found(resource, repo, `Actions workflow permissions of ${repo}`));
        break;
      case "github_issue_label": {
        const name = literal(a.name);
        findings.push(await named(name, "label", `${base}/labels/${seg(name ?? "")}`, `${repo}:${name}`));
        break;
      }
      case "github_actions_secret": {
        const name = literal(a.secret_name);
        findings.push(await named(name, "secret", `${base}/actions/secrets/${seg(name ?? "")}`, `${repo}/${name}`));
        break;
      }
      case "github_repository_environment_deployment_policy": {
        const env = literal(a.environment);
        const pattern = literal(a.branch_pattern) ?? literal(a.tag_pattern);
        if (!env || !pattern) {
          findings.push(unmatched(resource, "environment and branch_pattern/tag_pattern must be literal"));
          break;
        }
        const policies = await lists(`policies ${repo}/${env}`, () =>
          client.list(`${base}/environments/${seg(env)}/deployment-branch-policies`, "branch_policies"),
        );
        const match = policies.filter((p) => p.name === pattern);
        if (match.length === 1)
          findings.push(found(resource, `${repo}:${env}:${String(match[0].id)}`, `policy ${pattern} of ${env}`));
        else if (match.length > 1) findings.push(unmatched(resource, `${match.length} policies ${pattern} on ${env}`));
        else findings.push(absent(resource, `policy ${pattern} of ${env}`));
        break;
      }
      case "github_repository_ruleset": {
        const name = literal(a.name);
        const rulesets = await lists(`rulesets ${repo}`, () => repositoryRulesets(client, base));
        const match = rulesets.filter((r) => r.name === name);
        if (!name) findings.push(unmatched(resource, "the ruleset name is not literal"));
        else if (match.length === 1)
          findings.push(found(resource, `${repo}:${String(match[0].id)}`, `ruleset "${name}"`));
        else if (match.length > 1) findings.push(unmatched(resource, `${match.length} rulesets named "${name}"`));
        else findings.push(absent(resource, `ruleset "${name}"`));
        break;
      }
      default:
        findings.push(unmatched(resource, `${resource.type} is not discovered; add its id by hand (docs/adoption.md)`));
    }
  }
  // Repository rulesets no github_repository_ruleset here matched (they keep applying).
  const imported = new Set(findings.flatMap((f) => (f.status === "import" ? [f.id] : [])));
  const rulesetRepos = resources
    .filter((r) => r.type === "github_repository_ruleset")
    .map((r) => literal(r.attributes.repository));
  for (const repo of new Set(rulesetRepos))
    if (repo)
      for (const ruleset of await lists(`rulesets ${repo}`, () => Promise.resolve([])))
        if (!imported.has(`${repo}:${String(ruleset.id)}`))
          findings.push(
            unmanaged(
              "github_repository_ruleset",
              `${repo}/${String(ruleset.name)}`,
              "exists and still applies; no construct declares it",
            ),
          );
  return findings;
}

/** The repository's own rulesets: none inherited from the organization or enterprise. */
async function repositoryRulesets(client: GitHubClient, base: string): Promise<Item[]> {
  const all = await client.list(`${base}/rulesets`, undefined, { includes_parents: "false" });
  return all.filter((r) => r.source_type === "Repository");
}
