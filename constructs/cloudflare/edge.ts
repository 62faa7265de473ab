// The environment's Cloudflare edge: host records, and — for the one environment that
// manages the shared zone — TLS settings, WAF, rate limiting and cache rules; plus a
// failover load balancer on the API host when the environment runs in several regions.
import { Construct } from "constructs";
import { ArgoSmartRouting } from "@cdktf/provider-cloudflare/lib/argo-smart-routing";
import { type EnvironmentConfig, failoverDetectionSeconds } from "../../config/schema";
import { CacheRules } from "./cache";
import { EdgeDns } from "./dns";
import type { CellConfig } from "../../config/cells";
import { geoSteeringPlan } from "./geo-steering";
import { FailoverLoadBalancer, type FailoverRegion } from "./load-balancer";
import { RateLimit } from "./rate-limit";
import { ZoneTls } from "./tls";
import { Waf } from "./waf";

export interface EdgeProps {
  cloudflare: EnvironmentConfig["cloudflare"];
  healthCheck: EnvironmentConfig["healthCheck"];
  /** Primary first; `origin` is the region's public backend host name (may be a token). */
  regions: FailoverRegion[];
  /** Health-check regions of the load balancer's pools (config's loadBalancerCheckRegions). */
  checkRegions: readonly string[];
  /** With more than one cell the load balancer steers by geography (geo-steering.ts). */
  cells?: readonly CellConfig[];
  /** The API host's Railway custom domain ownership record, when the API host is one. */
  apiDomainVerification?: { hostLabel: string; value: string };
}

export class Edge extends Construct {
  readonly apiHostname: string;
  readonly frontendHostname: string;
  /** The host the load balancer answers for; undefined with a single region. */
  readonly loadBalancerHostname: string | undefined;
  /** Worst-case seconds to detect a dead primary and fail over; undefined with a single region. */
  readonly failoverDetectionSeconds: number | undefined;
  readonly dns: EdgeDns;
  readonly tls: ZoneTls | undefined;
  readonly waf: Waf | undefined;
  readonly rateLimit: RateLimit | undefined;
  readonly cache: CacheRules | undefined;
  readonly loadBalancer: FailoverLoadBalancer | undefined;
  /** Argo Smart Routing on the zone, when config enables it (zone manager only). */
  readonly argo: ArgoSmartRouting | undefined;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    const cf = props.cloudflare;
    if (props.regions.length === 0) throw new Error(`${this.node.path}: needs at least one region`);
    const multiRegion = props.regions.length > 1;
    this.apiHostname = cf.hosts.api;
    this.frontendHostname = cf.hosts.frontend;

    if (multiRegion) {
      this.loadBalancer = new FailoverLoadBalancer(this, "load-balancer", {
        accountId: cf.accountId,
        zoneId: cf.zoneId,
        hostname: cf.hosts.api,
        regions: props.regions,
        geo:
          props.cells && props.cells.length > 1
            ? geoSteeringPlan(props.cells, Boolean(cf.loadBalancer.holdingOrigin))
            : undefined,
        holdingOrigin: cf.loadBalancer.holdingOrigin,
        checkRegions: props.checkRegions,
        monitor: {
          path: props.healthCheck.path,
          expectedStatus: props.healthCheck.expectedStatus,
          intervalSeconds: cf.loadBalancer.monitorIntervalSeconds,
          retries: cf.loadBalancer.monitorRetries,
          timeoutSeconds: cf.loadBalancer.monitorTimeoutSeconds,
        },
      });
      this.loadBalancerHostname = cf.hosts.api;
      this.failoverDetectionSeconds = failoverDetectionSeconds(cf.loadBalancer);
    }

    this.dns = new EdgeDns(this, "dns", {
      zoneId: cf.zoneId,
      frontendHost: cf.hosts.frontend,
      frontendTarget: cf.frontendTarget,
      frontendProxied: cf.frontendProxied,
      apiHost: cf.hosts.api,
      apiOrigin: multiRegion ? null : props.regions[0].origin,
      apiDomainVerification: props.apiDomainVerification,
      zoneName: cf.zoneName,
    });

    if (!cf.managesZone) return;
    // Zone-wide from here on: only the zone's owner may declare these.
    if (cf.argoSmartRouting) {
      // zone_id and value are the resource's only arguments (provider v5.14.0
      // internal/services/argo_smart_routing/schema.go:27-38; value "on" | "off").
      this.argo = new ArgoSmartRouting(this, "argo-smart-routing", { zoneId: cf.zoneId, value: "on" });
    }
    this.tls = new ZoneTls(this, "tls", { zoneId: cf.zoneId, minTlsVersion: cf.tls.minVersion, hsts: cf.tls.hsts });
    if (cf.waf.enabled) {
      this.waf = new Waf(this, "waf", { zoneId: cf.zoneId, plan: cf.plan, healthCheckPath: props.healthCheck.path });
    }
    if (cf.rateLimit.enabled) {
      this.rateLimit = new RateLimit(this, "rate-limit", {
        zoneId: cf.zoneId,
        plan: cf.plan,
        loginPath: cf.rateLimit.loginPath,
        login: cf.rateLimit.login,
        api: cf.rateLimit.api,
      });
    }
    this.cache = new CacheRules(this, "cache", {
      zoneId: cf.zoneId,
      plan: cf.plan,
      hosts: [cf.hosts.frontend],
      staticExtensions: cf.cache.staticExtensions,
      edgeTtlSeconds: cf.cache.edgeTtlSeconds,
      browserTtlSeconds: cf.cache.browserTtlSeconds,
    });
  }
}
