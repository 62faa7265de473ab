// Railway public API: ids are UUIDs; service domains end in up.railway.app.
import { type ServiceModel, str, uuid } from "./model";

export const railway: ServiceModel = {
  prefix: "railway_",
  id: (c) => uuid(c.seed),
  computed: (c, attribute) => {
    if (c.type === "railway_service_domain") {
      if (attribute === "suffix") return "up.railway.app";
      if (attribute === "domain") return `${str(c.known.subdomain) ?? "service"}.up.railway.app`;
    }
    if (c.type === "railway_custom_domain") {
      if (attribute === "dns_record_value") return `${uuid(c.seed).slice(0, 8)}.up.railway.app`;
      if (attribute === "zone") return str(c.known.domain)?.split(".").slice(-2).join(".");
    }
    return undefined;
  },
};
