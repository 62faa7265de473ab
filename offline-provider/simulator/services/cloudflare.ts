// Cloudflare API v4: object ids are 32 lowercase hex characters (config/import-ids.ts cfId).
import { type ServiceModel, hex32 } from "./model";

export const cloudflare: ServiceModel = {
  prefix: "cloudflare_",
  id: (c) => hex32(c.seed),
  computed: () => undefined,
};
