// Existing resources neuropilot-platform adopts by import instead of creating them (see the
// README, "Adopting an existing platform"). Paths are construct paths relative to the stack,
// ids the provider's import ids (config/import-ids.ts lists every format). Empty: nothing to
// adopt, the stack creates everything it declares.
import type { AdoptionListInput } from "../adoption";

export const adoptNeuropilotPlatform: AdoptionListInput = {
  stack: "neuropilot-platform",
  resources: [],
};
