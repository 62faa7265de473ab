// Typed values for the zone settings we manage. `cloudflare_zone_setting.value` is a
// Terraform dynamic attribute (a string for most settings, an object for
// security_header) that the binding types as an open object; this file is the only
// place that crosses that gap. Values are written in exactly the shape the API returns
// (GET /zones/:id/settings/:setting), because the provider diffs against it: see
// provider issues #6436 (a security_header value without the strict_transport_security
// wrapper crashes the provider or never converges) and #6447.
import type { Construct } from "constructs";
import { ZoneSetting, type ZoneSettingConfig } from "@cdktf/provider-cloudflare/lib/zone-setting";

type OnOff = "on" | "off";

export interface StrictTransportSecurity {
  enabled: boolean;
  max_age: number;
  include_subdomains: boolean;
  nosniff: boolean;
  preload: boolean;
}

/** Setting id → the value the API takes and returns for it. */
export interface ZoneSettingValues {
  ssl: "off" | "flexible" | "full" | "strict";
  always_use_https: OnOff;
  min_tls_version: "1.0" | "1.1" | "1.2" | "1.3";
  /** "zrt" is TLS 1.3 with 0-RTT. */
  tls_1_3: OnOff | "zrt";
  security_header: { strict_transport_security: StrictTransportSecurity };
}

export type ZoneSettingId = keyof ZoneSettingValues;

/** One zone setting with a value checked against its setting id. */
export function zoneSetting<K extends ZoneSettingId>(
  scope: Construct,
  id: string,
  zoneId: string,
  settingId: K,
  value: ZoneSettingValues[K],
): ZoneSetting {
  // The one cast: cdktf passes strings and nested objects through unchanged (snake_case
  // keys included), which is what the dynamic attribute needs.
  const dynamicValue = value as unknown as ZoneSettingConfig["value"];
  return new ZoneSetting(scope, id, { zoneId, settingId, value: dynamicValue });
}

export interface HstsPolicy {
  maxAgeSeconds: number;
  includeSubdomains: boolean;
  preload: boolean;
}

/** The security_header value for an enabled HSTS policy (with X-Content-Type-Options: nosniff). */
export function hstsValue(policy: HstsPolicy): ZoneSettingValues["security_header"] {
  return {
    strict_transport_security: {
      enabled: true,
      max_age: policy.maxAgeSeconds,
      include_subdomains: policy.includeSubdomains,
      nosniff: true,
      preload: policy.preload,
    },
  };
}
