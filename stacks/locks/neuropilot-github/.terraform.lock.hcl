# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.
#
# Versions only, no hashes yet: none could be computed offline or found published for these
# exact versions. Add them online: docs/pipeline.md, Provider lock files.

provider "registry.terraform.io/integrations/github" {
  version     = "6.9.0"
  constraints = "6.9.0"
}
