// Sentry resources every environment shares, instantiated once (in the platform stack):
// the team, the backend and frontend projects, and the link from the organization's
// existing GitHub integration to our repositories (suspect commits, stack-trace links).
import { Construct } from "constructs";
import { DataSentryOrganizationIntegration } from "../../.gen/providers/sentry/data-sentry-organization-integration";
import { OrganizationRepository } from "../../.gen/providers/sentry/organization-repository";
import { Project } from "../../.gen/providers/sentry/project";
import { Team } from "../../.gen/providers/sentry/team";

export interface SentryProjectsProps {
  organization: string;
  /** Team slug; the team owns both projects. */
  team: string;
  backendProject: string;
  frontendProject: string;
  /** Name of the organization's installed GitHub integration; null links no repository. */
  githubIntegration: string | null;
  /** Repositories (owner/name) to link through that integration. */
  repositories: readonly string[];
}

export class SentryProjects extends Construct {
  readonly team: Team;
  readonly backend: Project;
  readonly frontend: Project;
  readonly repositories: OrganizationRepository[];
  /** Project slugs, known at synth time, for environment stacks. */
  readonly backendProjectSlug: string;
  readonly frontendProjectSlug: string;

  constructor(scope: Construct, id: string, props: SentryProjectsProps) {
    super(scope, id);
    const { organization } = props;

    this.team = new Team(this, "team", { organization, name: props.team, slug: props.team });

    const project = (logicalId: string, slug: string, platform: string): Project =>
      new Project(this, logicalId, {
        organization,
        name: slug,
        slug,
        platform,
        teams: [this.team.slug],
        // Keys and alerts are managed per environment (SentryEnvironment); Sentry's
        // defaults would be unmanaged extras.
        defaultKey: false,
        defaultRules: false,
      });
    this.backend = project("backend", props.backendProject, "node");
    this.frontend = project("frontend", props.frontendProject, "javascript-react");
    this.backendProjectSlug = props.backendProject;
    this.frontendProjectSlug = props.frontendProject;

    this.repositories = [];
    if (props.githubIntegration !== null && props.repositories.length > 0) {
      const github = new DataSentryOrganizationIntegration(this, "github", {
        organization,
        providerKey: "github",
        name: props.githubIntegration,
      });
      for (const identifier of props.repositories) {
        this.repositories.push(
          new OrganizationRepository(this, `repository-${identifier.replace(/[^\w-]/g, "-")}`, {
            organization,
            integrationType: "github",
            integrationId: github.id,
            identifier,
          }),
        );
      }
    }
  }
}
