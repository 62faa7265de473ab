// One model per service, like LocalStack's provider per service.
import { cloudflare } from "./cloudflare";
import { github } from "./github";
import { grafana } from "./grafana";
import type { ServiceModel } from "./model";
import { neon } from "./neon";
import { railway } from "./railway";
import { sentry } from "./sentry";

export const SERVICE_MODELS: readonly ServiceModel[] = [cloudflare, railway, neon, grafana, sentry, github];

export function modelFor(type: string): ServiceModel {
  const model = SERVICE_MODELS.find((m) => type.startsWith(m.prefix));
  if (!model) throw new Error(`the simulated account has no service for resource type ${type}`);
  return model;
}
