import * as logs from 'aws-cdk-lib/aws-logs';
import { ShopCapacity } from './capacity';
import { CachePreset } from '../../cache';
import { DatabasePreset } from '../../database';
import { NatType, NetworkProfile } from '../../network';

/**
 * A starting shape for a `FargateShop`: network, capacity, tasks, data tier and protection.
 * Every field can be overridden by the shop's own prop of the same concept.
 */
export class FargateShopPreset {
  /**
   * The cheapest shop that still runs in two zones: two zones with one NAT instance, Fargate
   * Spot on ARM64 (Graviton), one task per service and no autoscaling, a single-AZ
   * db.t4g.micro, a single-node cache.t4g.micro where the shop uses a cache, Container
   * Insights off (its custom metrics would cost more than a small shop's tasks), no deletion
   * protection, logs kept a week. Spot tasks may be stopped at two minutes' notice: a
   * development or small shop accepts that.
   */
  public static readonly DEVELOPMENT = new FargateShopPreset(
    'DEVELOPMENT',
    NetworkProfile.TWO_AZ_SINGLE_NAT,
    NatType.INSTANCE,
    ShopCapacity.fargateSpot(),
    1,
    1,
    DatabasePreset.DEVELOPMENT,
    CachePreset.DEVELOPMENT,
    false,
    false,
    logs.RetentionDays.ONE_WEEK,
    false,
    false,
  );

  /**
   * Every tier Multi-AZ: two zones with a NAT gateway in each (a zone's failure never cuts the
   * other's egress; a third zone would add a NAT gateway and ALB capacity for no tier that
   * needs it), on-demand Fargate on ARM64, at least two tasks per service spread over the
   * zones and autoscaling to ten, RDS Multi-AZ, a cache with a replica and automatic failover,
   * Container Insights on (task-level metrics to diagnose a production incident), deletion
   * protection on the load balancer and the database, logs kept a month, and with a domain and
   * a hosted zone the edge (CloudFront and AWS WAF) in front of a load balancer only it reaches,
   * OpenTelemetry tracing to X-Ray on.
   */
  public static readonly HIGHLY_AVAILABLE = new FargateShopPreset(
    'HIGHLY_AVAILABLE',
    NetworkProfile.custom({ availabilityZones: 2, natGateways: 2, isolatedSubnets: true }),
    NatType.GATEWAY,
    ShopCapacity.fargate(),
    2,
    10,
    DatabasePreset.HIGHLY_AVAILABLE,
    CachePreset.MULTI_AZ,
    true,
    true,
    logs.RetentionDays.ONE_MONTH,
    true,
    true,
  );

  /**
   * @param name the preset's name, shown in errors
   * @param networkProfile the shape of the new VPC (zones, NATs, isolated data subnets)
   * @param natType NAT instances or NAT gateways
   * @param capacity where the tasks run
   * @param tasksPerService the desired (and minimum) number of tasks of every service
   * @param maxTasksPerService the most tasks autoscaling runs per service
   * @param databasePreset the shape of the new database
   * @param cachePreset the shape of the new cache
   * @param deletionProtection deletion protection on the load balancer and the database
   * @param containerInsights CloudWatch Container Insights on the cluster
   * @param logRetention how long the services' logs are kept
   * @param edge CloudFront and AWS WAF in front, the load balancer locked to them (with a domain and a hosted zone)
   * @param tracing OpenTelemetry tracing to X-Ray through an ADOT collector sidecar
   */
  private constructor(
    public readonly name: string,
    public readonly networkProfile: NetworkProfile,
    public readonly natType: NatType,
    public readonly capacity: ShopCapacity,
    public readonly tasksPerService: number,
    public readonly maxTasksPerService: number,
    public readonly databasePreset: DatabasePreset,
    public readonly cachePreset: CachePreset,
    public readonly deletionProtection: boolean,
    public readonly containerInsights: boolean,
    public readonly logRetention: logs.RetentionDays,
    public readonly edge: boolean,
    public readonly tracing: boolean,
  ) {}
}
