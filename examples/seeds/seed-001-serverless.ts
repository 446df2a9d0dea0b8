import * as path from 'path';
import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ServerlessShop, TableAccess } from '../../src';

const HANDLERS = path.join(__dirname, '..', 'serverless', 'handlers');

/**
 * Seed 001 ("VivaMarket"): the Next.js storefront on a CDN, API Gateway + Lambda, DynamoDB for
 * the product catalog and the users' preferences, RDS PostgreSQL (db.t3.small, 20 GB) for
 * orders and payments, Cognito for customers, S3 for assets and images, ElastiCache for
 * sessions, WAF. Rebuilt with `ServerlessShop`: the storefront is a static export at the edge
 * instead of Amplify, the database sits behind an RDS Proxy with IAM authentication (which needs
 * db.t3.medium or larger: the proxy supports no smaller burstable class), and the seed's
 * ECS/Fargate services and CodePipeline are left out (the shop's code runs in the functions).
 */
export class Seed001ServerlessStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const code = (dir: string) => lambda.Code.fromAsset(path.join(HANDLERS, dir));
    new ServerlessShop(this, 'Shop', {
      storefront: { directory: path.join(__dirname, '..', 'serverless', 'storefront') },
      tables: [{ name: 'catalog' }, { name: 'preferences' }, { name: 'orders' }],
      routes: [
        {
          route: 'GET /api/products',
          code: code('catalog-read'),
          tables: [{ table: 'catalog', access: TableAccess.READ }],
        },
        {
          route: 'GET /api/products/{id}',
          code: code('catalog-read'),
          tables: [{ table: 'catalog', access: TableAccess.READ }],
        },
        {
          route: 'POST /api/orders',
          code: code('order-write'),
          protected: true,
          database: true,
          tables: [
            { table: 'catalog', access: TableAccess.READ },
            { table: 'orders', access: TableAccess.WRITE },
          ],
        },
        {
          route: 'ANY /api/account/{proxy+}',
          code: code('catalog-read'),
          protected: true,
          sessions: true,
          tables: [{ table: 'preferences', access: TableAccess.READ_WRITE }],
        },
      ],
      database: { instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MEDIUM) },
      sessions: true,
      alarmEmail: 'ops@example.com',
    });
  }
}
