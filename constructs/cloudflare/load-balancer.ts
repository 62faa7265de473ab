// Active-passive failover across regions: one health monitor and one pool per region
// (both account-level), and a proxied load balancer on the API host (zone-level) that
// sends traffic to the first healthy pool in region order.
import { Construct } from "constructs";
import { LoadBalancer } from "@cdktf/provider-cloudflare/lib/load-balancer";
import { LoadBalancerMonitor } from "@cdktf/provider-cloudflare/lib/load-balancer-monitor";
import { LoadBalancerPool } from "@cdktf/provider-cloudflare/lib/load-balancer-pool";
import { HOLDING_REGION } from "../../config/cells";
import type { GeoSteeringPlan } from "./geo-steering";

export interface FailoverRegion {
  /** Our region name (e.g. us-east); used in the pool's name and construct id. */
  name: string;
  /** Public hostname of the region's backend; may be a Terraform token. */
  origin: string;
}

export interface FailoverMonitorSettings {
  path: string;
  expectedStatus: number;
  intervalSeconds: number;
  retries: number;
  timeoutSeconds: number;
}

export interface FailoverLoadBalancerProps {
  accountId: string;
  zoneId: string;
  /** Host the load balancer answers for; also the Host header of health checks. */
  hostname: string;
  /** Primary first; at least two. */
  regions: FailoverRegion[];
  monitor: FailoverMonitorSettings;
  /**
   * Regions the pools' health checks run from (`check_regions`, values of provider 5.14.0
   * internal/services/load_balancer_pool/schema.go:116-139). Unset would mean every data
   * centre, which only Enterprise may use (config/cloudflare-plans.ts [LBR]).
   */
  checkRegions: readonly string[];
  /** Geo steering across cells (geo-steering.ts); without it, active-passive failover in region order. */
  geo?: GeoSteeringPlan;
  /** Host of the data-less holding page; its pool is declared when geo falls back to it, and used only there. */
  holdingOrigin?: string | null;
}

export class FailoverLoadBalancer extends Construct {
  readonly monitor: LoadBalancerMonitor;
  /** In region order, primary first. */
  readonly pools: LoadBalancerPool[];
  /** The holding page's pool, when geo steering falls back to it. */
  readonly holdingPool: LoadBalancerPool | undefined;
  readonly loadBalancer: LoadBalancer;

  constructor(scope: Construct, id: string, props: FailoverLoadBalancerProps) {
    super(scope, id);
    if (props.regions.length < 2) {
      throw new Error(`${this.node.path}: failover needs at least two regions, got ${props.regions.length}`);
    }
    // Pool and monitor names are account-wide; the host name keeps environments apart.
    const prefix = props.hostname.replace(/\./g, "-");

    this.monitor = new LoadBalancerMonitor(this, "monitor", {
      accountId: props.accountId,
      description: `${props.hostname} ${props.monitor.path}`,
      type: "https",
      method: "GET",
      path: props.monitor.path,
      expectedCodes: String(props.monitor.expectedStatus),
      interval: props.monitor.intervalSeconds,
      retries: props.monitor.retries,
      timeout: props.monitor.timeoutSeconds,
      // No Host header here: each pool origin below sets its own, and an origin's
      // override takes precedence over the monitor's (load-balancing/additional-options/
      // override-http-host-headers/), so a monitor Host would be dead config.
    });

    this.pools = props.regions.map(
      (region) =>
        new LoadBalancerPool(this, `pool-${region.name}`, {
          accountId: props.accountId,
          name: `${prefix}-${region.name}`,
          description: `${props.hostname} in ${region.name}`,
          // Declared, not left to the provider's default: a pool a failover drill left
          // disabled (docs/drills.md) then shows in the next plan and in the drift run.
          enabled: true,
          monitor: this.monitor.id,
          checkRegions: [...props.checkRegions],
          // One origin per pool, so origin order cannot drift (provider issue #6140).
          // The Host override sends traffic and probes to the origin under its own
          // name: a per-region backend (a Railway service domain) routes by Host and
          // holds a certificate only for that name, which Full (strict) TLS verifies.
          origins: [{ name: region.name, address: region.origin, enabled: true, header: { host: [region.origin] } }],
        }),
    );

    if (props.geo?.fallbackRegion === HOLDING_REGION) {
      if (!props.holdingOrigin) {
        throw new Error(`${this.node.path}: geo steering falls back to the holding pool but no holdingOrigin is set`);
      }
      this.holdingPool = new LoadBalancerPool(this, `pool-${HOLDING_REGION}`, {
        accountId: props.accountId,
        name: `${prefix}-${HOLDING_REGION}`,
        description: `${props.hostname} holding page (keeps no data)`,
        // No monitor: the page answers 503 by design, and a pool without one counts as
        // healthy; it is in no steering list, so only fallback_pool ever reaches it.
        checkRegions: [...props.checkRegions],
        origins: [
          {
            name: HOLDING_REGION,
            address: props.holdingOrigin,
            enabled: true,
            header: { host: [props.holdingOrigin] },
          },
        ],
      });
    }

    const poolIds = this.pools.map((pool) => pool.id);
    if (props.geo) {
      this.loadBalancer = this.geoSteered(props, props.geo);
      return;
    }
    this.loadBalancer = new LoadBalancer(this, "load-balancer", {
      zoneId: props.zoneId,
      name: props.hostname,
      description: `Failover for ${props.hostname}: ${props.regions.map((r) => r.name).join(" → ")}`,
      proxied: true,
      // "off" = failover: always the first healthy pool of default_pools, in order.
      steeringPolicy: "off",
      defaultPools: poolIds,
      // Used when every pool is unhealthy: the last region in the failover order.
      fallbackPool: poolIds[poolIds.length - 1],
      // Zero-downtime failover across pools: a request that meets a dead origin (521, 522, 523,
      // 525, 526) is retried once on the next healthy pool at once, between monitor probes
      // (provider v5.14.0 internal/services/load_balancer/schema.go:146-157, default false;
      // developers.cloudflare.com/load-balancing/understand-basics/adaptive-routing/). Our pools
      // hold one origin each, so the in-pool retry alone would never find an alternate. Not set
      // on geo steering, for which that page documents a limitation.
      adaptiveRouting: { failoverAcrossPools: true },
    });
  }

  /**
   * `steering_policy = "geo"` with `region_pools`, `country_pools` and `pop_pools`: maps of
   * code → pool ids in failover order (cloudflare_load_balancer, provider 5.14.0 via
   * @cdktf/provider-cloudflare 13.9.1 lib/load-balancer/index.d.ts).
   */
  private geoSteered(props: FailoverLoadBalancerProps, geo: GeoSteeringPlan): LoadBalancer {
    const poolOf = new Map(props.regions.map((region, i) => [region.name, this.pools[i].id]));
    if (this.holdingPool) poolOf.set(HOLDING_REGION, this.holdingPool.id);
    const ids = (names: string[]) =>
      names.map((name) => {
        const id = poolOf.get(name);
        if (!id) throw new Error(`${this.node.path}: geo steering names region ${name}, which has no pool`);
        return id;
      });
    const mapped = (pools: Record<string, string[]>) =>
      Object.keys(pools).length === 0
        ? undefined
        : Object.fromEntries(Object.entries(pools).map(([code, names]) => [code, ids(names)]));
    return new LoadBalancer(this, "load-balancer", {
      zoneId: props.zoneId,
      name: props.hostname,
      description: `Geo steering for ${props.hostname}: ${Object.keys(geo.regionPools).join(", ")}`,
      proxied: true,
      steeringPolicy: "geo",
      regionPools: mapped(geo.regionPools),
      countryPools: mapped(geo.countryPools),
      popPools: mapped(geo.popPools),
      defaultPools: ids(geo.defaultRegions),
      fallbackPool: ids([geo.fallbackRegion])[0],
    });
  }
}
