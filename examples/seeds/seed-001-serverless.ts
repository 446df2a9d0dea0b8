import * as path from 'path';
import { Stack, StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ServerlessShop, TableAccess } from '../../src';

const HANDLERS = path.join(__dirname, '..', 'serverless', 'handlers');

/**
 * Seed 001 ("VivaMarket"): the Next.js storefront on a CDN, API Gateway + Lambda, DynamoDB for
 * the product catalog and the users' preferences, RDS PostgreSQL (db.t3.small, 20 GB) for
 * orders and payments, Cognito for customers, S3 for assets and images, ElastiCache for
 * sessions, WAF. Rebuilt with `ServerlessShop`: the storefront is a static export at the edge
 * instead of Amplify; the database is the default db.t4g.medium behind an RDS Proxy with IAM
 * authentication (the proxy supports no burstable class below medium, so not the seed's
 * db.t3.small); the seed's ECS/Fargate services and CodePipeline are left out (the shop's code
 * runs in the functions). A cost model: checked by cfn-lint like the other seeds.
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
      database: {},
      sessions: true,
      alarmEmail: 'ops@example.com',
    });
  }
}
