import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FargateShop, ShopCapacity, ShopImage } from '../../src';

/**
 * Seed 004 (ECS on EC2) as a `FargateShop` on an Auto Scaling group: the seed's one application
 * (port 3000, health-checked on /api/health, with the database's URL) behind the load balancer,
 * 2 to 10 tasks scaled on CPU at 70 %, on 2 to 10 Graviton t4g.medium instances (the
 * counterpart of the seed's t3.medium: 2 vCPU, 4 GiB) that ECS scales to the tasks; RDS
 * PostgreSQL db.t4g.micro (the seed: db.t3.micro).
 *
 * Where it differs from the seed: the instances are in private subnets behind the DEVELOPMENT
 * preset's NAT instance, without public IPv4 addresses.
 */
export class Seed004EcsOnEc2Stack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { env: { region: 'us-east-1' }, ...props });
    new FargateShop(this, 'Shop', {
      capacity: ShopCapacity.autoScalingGroup({ minCapacity: 2, maxCapacity: 10 }),
      services: [
        {
          name: 'shop',
          image: ShopImage.fromRegistry('ghcr.io/acme/shop:1.0.0'),
          port: 3000,
          healthPath: '/api/health',
          pathPatterns: ['/*'],
          database: true,
          command: ['node', 'server.js'],
          cpu: 512,
          memoryLimitMiB: 1024,
          minCapacity: 2,
          maxCapacity: 10,
          scaling: { cpuPercent: 70 },
        },
      ],
    });
  }
}
