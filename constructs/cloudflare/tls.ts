// Zone-wide TLS settings. Only the environment that manages the zone creates these:
// a zone setting has one value, so two owners would overwrite each other.
import { Construct } from "constructs";
import type { ZoneSetting } from "@cdktf/provider-cloudflare/lib/zone-setting";
import { type HstsPolicy, hstsValue, zoneSetting, type ZoneSettingValues } from "./zone-settings";

export interface ZoneTlsProps {
  zoneId: string;
  minTlsVersion: ZoneSettingValues["min_tls_version"];
  hsts: HstsPolicy;
}

export class ZoneTls extends Construct {
  readonly settings: ZoneSetting[];

  constructor(scope: Construct, id: string, props: ZoneTlsProps) {
    super(scope, id);
    const zone = props.zoneId;
    this.settings = [
      // Full (strict): Cloudflare verifies the origin's certificate, so the origins
      // (Railway, Vercel) must serve a valid certificate for the proxied host name.
      zoneSetting(this, "ssl", zone, "ssl", "strict"),
      zoneSetting(this, "always-use-https", zone, "always_use_https", "on"),
      zoneSetting(this, "min-tls-version", zone, "min_tls_version", props.minTlsVersion),
      zoneSetting(this, "tls-1-3", zone, "tls_1_3", "on"),
      zoneSetting(this, "hsts", zone, "security_header", hstsValue(props.hsts)),
    ];
  }
}
