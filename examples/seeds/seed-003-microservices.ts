import { Stack, StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FargateShop, FargateShopPreset, ShopImage } from '../../src';

/**
 * Seed 003 (cloud-native microservices, dev-sized) as a `FargateShop`: a storefront, a backend and
 * the seed's product and order services, each one task of 0.5 vCPU / 1 GB that autoscales on CPU
 * and requests to four; the load balancer routes `/products/*` and `/orders/*` to their services,
 * the backend's prefixes to the backend and everything else to the storefront; RDS PostgreSQL
 * db.t4g.micro single-AZ; logs kept 7 days; alarms to an e-mail topic.
 *
 * Where it differs from the seed: the DEVELOPMENT preset's two zones with one NAT instance (not
 * three zones with a NAT gateway), Fargate Spot on Graviton, no cache; the seed's CloudFront is
 * left out (its cost table leaves it out too; `ShopEdge` can front the load balancer).
 */
export class Seed003MicroservicesStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { env: { region: 'us-east-1' }, ...props });
    const scaled = { maxCapacity: 4, scaling: { cpuPercent: 70 } };
    new FargateShop(this, 'Shop', {
      preset: FargateShopPreset.DEVELOPMENT,
      storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/frontend:1.0.0'), port: 8002 },
      backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
      storefrontService: scaled,
      backendService: { cpu: 512, memoryLimitMiB: 1024, ...scaled },
      services: [
        {
          name: 'products',
          image: ShopImage.fromRegistry('ghcr.io/acme/products:1.0.0'),
          port: 8000,
          pathPatterns: ['/products', '/products/*'],
          database: true,
          command: ['node', 'server.js'],
          ...scaled,
        },
        {
          name: 'orders',
          image: ShopImage.fromRegistry('ghcr.io/acme/orders:1.0.0'),
          port: 8001,
          pathPatterns: ['/orders', '/orders/*'],
          database: true,
          command: ['node', 'server.js'],
          ...scaled,
        },
      ],
      cacheEnabled: false,
      logRetention: logs.RetentionDays.ONE_WEEK,
      alarmEmail: 'ops@example.com',
    });
  }
}
