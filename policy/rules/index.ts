// Every policy rule, in the order findings are reported.
import type { PolicyRule } from "../rule";
import { alerting, sentryDsn } from "./observability";
import { databasePreventDestroy, failoverLoadBalancer, readReplica } from "./resilience";
import {
  residencyDatabase,
  residencyFallback,
  residencyObservability,
  residencyRegionUnique,
  residencyReplica,
} from "./residency";
import { hsts, loginRateLimit, tlsMinVersion, tlsStrict, wafManaged } from "./zone";

export const POLICY_RULES: readonly PolicyRule[] = [
  tlsStrict,
  tlsMinVersion,
  hsts,
  wafManaged,
  loginRateLimit,
  failoverLoadBalancer,
  databasePreventDestroy,
  readReplica,
  alerting,
  sentryDsn,
  residencyDatabase,
  residencyReplica,
  residencyFallback,
  residencyRegionUnique,
  residencyObservability,
];
