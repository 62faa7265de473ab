# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.
#
# Versions only, no hashes yet: none could be computed offline or found published for these
# exact versions. Add them online: docs/pipeline.md, Provider lock files.

provider "registry.terraform.io/cloudflare/cloudflare" {
  version     = "5.14.0"
  constraints = "5.14.0"
}

provider "registry.terraform.io/grafana/grafana" {
  version     = "4.45.1"
  constraints = "4.45.1"
}

provider "registry.terraform.io/jianyuan/sentry" {
  version     = "0.15.4"
  constraints = "0.15.4"
}

provider "registry.terraform.io/kislerdm/neon" {
  version     = "0.15.0"
  constraints = "0.15.0"
}

provider "registry.terraform.io/terraform-community-providers/railway" {
  version     = "0.6.2"
  constraints = "0.6.2"
}
