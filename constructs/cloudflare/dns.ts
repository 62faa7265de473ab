// The environment's proxied host records. Each environment owns its own hosts, so these
// exist whether or not the environment manages the zone-wide settings.
import { Construct } from "constructs";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";

/** TTL 1 means "automatic", the only value the API accepts for proxied records. */
const AUTOMATIC_TTL = 1;

export interface EdgeDnsProps {
  zoneId: string;
  frontendHost: string;
  /** CNAME target of the frontend host (Vercel). */
  frontendTarget: string;
  apiHost: string;
  /**
   * Origin the API host points at, or null when a load balancer answers for the API
   * host (a load balancer takes precedence over a record of the same name anyway).
   */
  apiOrigin: string | null;
}

export class EdgeDns extends Construct {
  readonly frontendRecord: DnsRecord;
  readonly apiRecord: DnsRecord | undefined;

  constructor(scope: Construct, id: string, props: EdgeDnsProps) {
    super(scope, id);
    // Full names, as the API returns them, so plans show no rename churn.
    this.frontendRecord = proxiedCname(this, "frontend-record", props.zoneId, props.frontendHost, props.frontendTarget);
    if (props.apiOrigin !== null) {
      this.apiRecord = proxiedCname(this, "api-record", props.zoneId, props.apiHost, props.apiOrigin);
    }
  }
}

function proxiedCname(scope: Construct, id: string, zoneId: string, name: string, target: string): DnsRecord {
  return new DnsRecord(scope, id, {
    zoneId,
    name,
    type: "CNAME",
    content: target,
    proxied: true,
    ttl: AUTOMATIC_TTL,
    comment: "Managed by neuropilot-infra (CDKTF)",
  });
}
