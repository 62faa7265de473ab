// Grafana HTTP API: dashboards get a numeric id, a uid (at most 40 characters) and a version.
import { type ServiceModel, digest, digits, str } from "./model";

export const grafana: ServiceModel = {
  prefix: "grafana_",
  id: (c) => str(c.known.uid) ?? str(c.known.name) ?? digest(c.seed).slice(0, 14),
  computed: (c, attribute, id) => {
    if (attribute === "uid") return digest(c.seed).slice(0, 14);
    if (attribute === "dashboard_id") return Number(digits(c.seed, 4));
    if (attribute === "version") return 1;
    if (attribute === "url") return `https://grafana.simulated/d/${id}`;
    return undefined;
  },
};
