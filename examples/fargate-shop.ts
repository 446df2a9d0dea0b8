import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { FargateShop, FargateShopPreset, ShopCapacity, ShopImage, ShopRepository } from '../src';

/**
 * The fullest FargateShop: a highly available Medusa shop on a domain, with a worker on Fargate
 * Spot, seed 003's product service behind its own paths, an order service reachable only
 * through Service Connect with its own database access, images pushed from CI to an ECR
 * repository, autoscaling on requests, ECS Exec and alarm e-mails; with the domain, the preset puts
 * CloudFront and AWS WAF in front and locks the load balancer to them (`edge`).
 *
 * The stack is environment-agnostic: it deploys to the account and region of your credentials,
 * and the load balancer's access-log bucket policy picks that region's ELB principal at deploy
 * time. The edge's web ACL and CloudFront certificate live in us-east-1, so an agnostic stack
 * with the edge deploys there only (a CloudFormation rule says so); give the stack a region to
 * deploy elsewhere, and a us-east-1 stack beside it holds them. Synthesis looks nothing up and needs no credentials. The hosted zone is imported by id;
 * replace it and the images with your own.
 */
export class FargateShopStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const products = new ShopRepository(this, 'ProductImages', { repositoryName: 'acme/products' });
    new FargateShop(this, 'Shop', {
      preset: FargateShopPreset.HIGHLY_AVAILABLE,
      storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
      backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
      worker: {},
      domainName: 'shop.example.com',
      hostedZone: route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: 'Z0123456789EXAMPLE',
        zoneName: 'example.com',
      }),
      alarmEmail: 'ops@example.com',
      backendService: {
        maxCapacity: 20,
        scaling: { requestsPerTargetPerMinute: 1000, scaleInCooldown: Duration.minutes(5) },
      },
      workerService: { capacity: ShopCapacity.fargateSpot({ onDemandBase: 1, onDemandWeight: 1 }) },
      services: [
        {
          name: 'products',
          image: products.image('2.0.0'),
          port: 8000,
          pathPatterns: ['/products', '/products/*'],
          healthPath: '/healthz',
          cpu: 256,
          memoryLimitMiB: 512,
        },
        {
          name: 'orders',
          image: ShopImage.fromRegistry('ghcr.io/acme/orders:1.0.0'),
          port: 8001,
          public: false,
          database: true,
          command: ['node', 'orders.js'],
        },
      ],
      enableExecuteCommand: true,
    });
  }
}
