// The bundled adoption lists, one per stack.
import type { AdoptionSource } from "../adoption";
import { adoptNeuropilotGithub } from "./neuropilot-github";
import { adoptNeuropilotPlatform } from "./neuropilot-platform";
import { adoptNeuropilotProduction } from "./neuropilot-production";
import { adoptNeuropilotStaging } from "./neuropilot-staging";

export const ADOPTION_SOURCES: readonly AdoptionSource[] = [
  { file: "config/adopt/neuropilot-platform.ts", value: adoptNeuropilotPlatform },
  { file: "config/adopt/neuropilot-staging.ts", value: adoptNeuropilotStaging },
  { file: "config/adopt/neuropilot-production.ts", value: adoptNeuropilotProduction },
  { file: "config/adopt/neuropilot-github.ts", value: adoptNeuropilotGithub },
];
