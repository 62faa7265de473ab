// Grafana's HTTP API reads for adoption's discovery (GRAFANA_AUTH: a service account token, or
// `user:password` for basic auth, as the provider reads it); the calls: adopt/grafana.ts's header.
import type { RestCall } from "../contracts/call";
import { DISCOVERY_TIMEOUT_MS, READ_ACCESS, requestJson, type VendorApiProps, VendorApiError } from "./http";

export const GRAFANA_SERVICE = "Grafana";
const SERVICE = GRAFANA_SERVICE;

/**
 * Every call discovery makes that Grafana's description covers (test/contracts/grafana.test.ts).
 * The SLO list (/api/plugins/grafana-slo-app/resources/v1/slo) belongs to the SLO app, whose
 * API Grafana's description does not hold: it is not contract-checked (docs/contracts.md).
 */
export const GRAFANA_DISCOVERY_CALLS: readonly RestCall[] = [
  { id: "organization", method: "GET", path: "/api/org" },
  { id: "folder", method: "GET", path: "/api/folders/{folder_uid}" },
  { id: "data source by uid", method: "GET", path: "/api/datasources/uid/{uid}", reads: ["uid"] },
  { id: "data sources", method: "GET", path: "/api/datasources", reads: ["[].uid", "[].name"] },
  { id: "dashboard", method: "GET", path: "/api/dashboards/uid/{uid}" },
  {
    id: "contact points",
    method: "GET",
    path: "/api/v1/provisioning/contact-points",
    query: ["name"],
    reads: ["[].name"],
  },
  { id: "rule group", method: "GET", path: "/api/v1/provisioning/folder/{FolderUID}/rule-groups/{Group}" },
  { id: "policy tree", method: "GET", path: "/api/v1/provisioning/policies" },
];

export interface GrafanaClientOptions {
  auth: string;
  url: string;
  timeoutMs?: number;
  sleep?: VendorApiProps["sleep"];
}

export class GrafanaClient {
  private readonly base: string;
  private readonly api: VendorApiProps;

  constructor(options: GrafanaClientOptions) {
    this.base = options.url.replace(/\/$/, "");
    const authorization = options.auth.includes(":")
      ? `Basic ${Buffer.from(options.auth).toString("base64")}`
      : `Bearer ${options.auth}`;
    this.api = {
      service: SERVICE,
      baseUrl: this.base,
      credentialVar: "GRAFANA_AUTH",
      access: READ_ACCESS,
      headers: { authorization },
      timeoutMs: options.timeoutMs ?? DISCOVERY_TIMEOUT_MS,
      sleep: options.sleep,
    };
  }

  /** The JSON body, or undefined on 404. */
  async get(path: string, query: Record<string, string> = {}): Promise<unknown> {
    const response = await requestJson(this.api, { method: "GET", path, query });
    if (response.status === 404) return undefined;
    if (typeof response.body !== "object" || response.body === null)
      throw new VendorApiError(
        `${SERVICE}: GET ${path} returned an unexpected shape; retry, or report it with the endpoint`,
      );
    return response.body;
  }
}
