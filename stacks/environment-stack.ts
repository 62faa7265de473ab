// One environment of the platform: composes the module constructs from validated
// config and wires their outputs into each other. No provider attribute details here.
import { TerraformOutput, TerraformStack } from "cdktf";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config/schema";
import { type BackendMode, configureBackend } from "./backend";

export interface EnvironmentStackProps {
  config: EnvironmentConfig;
  backend: BackendMode;
}

export class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const { config } = props;
    configureBackend(this, id, config.terraformCloudOrganization, props.backend);

    // Credentials come from each provider's standard environment variable
    // (CLOUDFLARE_API_TOKEN, ...); nothing secret is configured here.
    new CloudflareProvider(this, "cloudflare", {});

    new TerraformOutput(this, "environment", { value: config.name, description: "Environment name" });
  }
}
