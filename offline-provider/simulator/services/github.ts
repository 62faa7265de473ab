// GitHub REST API: environments are `repository:environment`; other objects numeric ids.
import { type ServiceModel, digits, str } from "./model";

export const github: ServiceModel = {
  prefix: "github_",
  id: (c) => {
    const repo = str(c.known.repository);
    const env = str(c.known.environment);
    const name = str(c.known.secret_name) ?? str(c.known.variable_name) ?? str(c.known.name);
    if (repo && env && name) return `${repo}:${env}:${name}`;
    if (repo && env) return `${repo}:${env}`;
    if (repo && name) return `${repo}:${name}`;
    return str(c.known.name) ?? digits(c.seed, 9);
  },
  computed: (_c, attribute) => (attribute === "etag" ? `W/"simulated"` : undefined),
};
