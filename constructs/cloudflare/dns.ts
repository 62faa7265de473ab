// The environment's host records (the API always proxied; the frontend as config chooses). Each environment owns its own hosts, so these
// exist whether or not the environment manages the zone-wide settings.
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { DnsRecord } from "@cdktf/provider-cloudflare/lib/dns-record";

/** TTL 1 means "automatic": the only value the API accepts for proxied records, valid for DNS-only ones too. */
const AUTOMATIC_TTL = 1;

export interface EdgeDnsProps {
  zoneId: string;
  frontendHost: string;
  /** CNAME target of the frontend host (Vercel). */
  frontendTarget: string;
  /** Proxy the frontend through Cloudflare (config cloudflare.frontendProxied). */
  frontendProxied: boolean;
  apiHost: string;
  /**
   * Origin the API host points at, or null when a load balancer answers for the API
   * host (a load balancer takes precedence over a record of the same name anyway).
   */
  apiOrigin: string | null;
  /**
   * The Railway custom domain's ownership record (name relative to the zone or in full, and
   * its value), when the API host is a Railway custom domain: Railway serves the domain only
   * once the record exists (constructs/railway/backend-service.ts).
   */
  apiDomainVerification?: { hostLabel: string; value: string };
  /** The zone's name, to write the verification record's full name. */
  zoneName?: string;
}

export class EdgeDns extends Construct {
  readonly frontendRecord: DnsRecord;
  readonly apiRecord: DnsRecord | undefined;
  readonly apiVerificationRecord: DnsRecord | undefined;

  constructor(scope: Construct, id: string, props: EdgeDnsProps) {
    super(scope, id);
    // Full names, as the API returns them, so plans show no rename churn.
    this.frontendRecord = cname(
      this,
      "frontend-record",
      props.zoneId,
      props.frontendHost,
      props.frontendTarget,
      props.frontendProxied,
    );
    if (props.apiOrigin !== null) {
      this.apiRecord = cname(this, "api-record", props.zoneId, props.apiHost, props.apiOrigin, true);
    }
    const verification = props.apiDomainVerification;
    if (verification !== undefined) {
      if (props.zoneName === undefined) throw new Error(`${this.node.path}: a verification record needs zoneName`);
      // The label may or may not carry the zone: drop it if present, then write the full name.
      const zone = props.zoneName.replace(/[.]/g, "[.]");
      const relative = Fn.replace(verification.hostLabel, `/([.]${zone})?[.]?$/`, "");
      this.apiVerificationRecord = new DnsRecord(this, "api-domain-verification", {
        zoneId: props.zoneId,
        name: `${relative}.${props.zoneName}`,
        type: "TXT",
        content: verification.value,
        // TXT records cannot be proxied.
        proxied: false,
        ttl: AUTOMATIC_TTL,
        comment: "Managed by neuropilot-infra (CDKTF): Railway custom domain ownership",
      });
    }
  }
}

function cname(
  scope: Construct,
  id: string,
  zoneId: string,
  name: string,
  target: string,
  proxied: boolean,
): DnsRecord {
  return new DnsRecord(scope, id, {
    zoneId,
    name,
    type: "CNAME",
    content: target,
    proxied,
    ttl: AUTOMATIC_TTL,
    comment: "Managed by neuropilot-infra (CDKTF)",
  });
}
