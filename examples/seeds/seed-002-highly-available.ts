import { Size, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import {
  CacheEngine,
  CachePreset,
  DatabasePreset,
  FargateShop,
  FargateShopPreset,
  NetworkProfile,
  ShopCache,
  ShopDatabase,
  ShopDeploymentStrategy,
  ShopImage,
  ShopNetwork,
} from '../../src';

/**
 * Seed 002 ("ShopFlow", highly available) as one `FargateShop` (HIGHLY_AVAILABLE): Route 53 →
 * CloudFront + WAF → a load balancer only CloudFront reaches → 4 API tasks in two zones scaling
 * 2-20, a worker on an SQS queue, product images in S3 behind the edge, X-Ray tracing through an
 * OpenTelemetry collector, blue/green deployments; RDS PostgreSQL db.r6g.xlarge Multi-AZ with
 * 2 read replicas and 500 GB gp3, Redis r6g.large primary + replica; a NAT gateway per zone.
 *
 * The presets have no db.r6g.xlarge or cache.r6g.large, so the network, the database and the cache
 * are cdk-shop's building blocks handed to the shop. The seed gives no task size: 1 vCPU and 2 GB
 * per API task (what its $150 for 4 tasks implies), 0.5 vCPU and 1 GB for the worker.
 */
export class Seed002HighlyAvailableStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { env: { region: 'us-east-1' }, ...props });
    const { vpc } = new ShopNetwork(this, 'Network', {
      profile: NetworkProfile.custom({ availabilityZones: 2, natGateways: 2, isolatedSubnets: true }),
    });
    new FargateShop(this, 'Shop', {
      preset: FargateShopPreset.HIGHLY_AVAILABLE,
      vpc,
      domainName: 'shopflow.example.com',
      hostedZone: new route53.PublicHostedZone(this, 'Zone', { zoneName: 'shopflow.example.com' }),
      database: new ShopDatabase(this, 'Database', {
        vpc,
        preset: DatabasePreset.HIGHLY_AVAILABLE,
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.XLARGE),
        allocatedStorage: Size.gibibytes(500),
        readReplicas: 2,
      }),
      cache: new ShopCache(this, 'Cache', {
        vpc,
        preset: CachePreset.MULTI_AZ,
        nodeType: 'cache.r6g.large',
        engine: CacheEngine.REDIS_7_1,
      }),
      backend: { image: ShopImage.fromRegistry('ghcr.io/acme/shopflow-api:1.0.0') },
      backendService: { cpu: 1024, memoryLimitMiB: 2048, desiredCount: 4, minCapacity: 2, maxCapacity: 20 },
      worker: {},
      workerService: { cpu: 512, memoryLimitMiB: 1024, desiredCount: 1, minCapacity: 1, maxCapacity: 4 },
      edgeSettings: { media: true },
      deploymentStrategy: ShopDeploymentStrategy.blueGreen(),
      alarmEmail: 'ops@shopflow.example.com',
    });
  }
}
