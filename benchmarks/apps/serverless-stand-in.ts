import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ShopCustomers, ShopEdge, ShopStorefront, ShopTable } from '../../src';

/**
 * The serverless shape until `ServerlessShop` lands, from the building blocks on main and plain
 * aws-cdk-lib where a block is not there yet (the API: ShopApi's defaults by hand), at the defaults the shared design gives them:
 * a static storefront (ShopStorefront) behind ShopEdge (CloudFront + WAF) with the HTTP API at
 * /api/*; three routes (catalog list, product, order) each a Node.js function on ARM64 with
 * 512 MB, active tracing and a log group kept a month, as ShopApi makes them; one on-demand
 * `catalog` ShopTable (PITR on); ShopCustomers (a user pool on the Essentials plan, an app client).
 */
export class ServerlessStandInStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-storefront-'));
    fs.writeFileSync(path.join(directory, 'index.html'), '<!doctype html><title>Shop</title>');
    const storefront = new ShopStorefront(this, 'Storefront', { directory });
    const catalog = new ShopTable(this, 'Catalog');
    const api = new apigwv2.HttpApi(this, 'Api', { createDefaultStage: true });
    for (const [name, route, method] of [
      ['Products', '/api/products', apigwv2.HttpMethod.GET],
      ['Product', '/api/products/{id}', apigwv2.HttpMethod.GET],
      ['Orders', '/api/orders', apigwv2.HttpMethod.POST],
    ] as const) {
      const fn = new lambda.Function(this, name, {
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 512,
        timeout: Duration.seconds(10),
        tracing: lambda.Tracing.ACTIVE,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
        logGroup: new logs.LogGroup(this, `${name}Logs`, {
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.RETAIN,
        }),
        environment: { TABLE_CATALOG: catalog.table.tableName },
      });
      catalog.table.grantReadWriteData(fn);
      api.addRoutes({
        path: route,
        methods: [method],
        integration: new HttpLambdaIntegration(`${name}Route`, fn),
      });
    }
    new ShopEdge(this, 'Edge', {
      storefront,
      apiOrigin: new origins.HttpOrigin(`${api.apiId}.execute-api.${this.region}.amazonaws.com`),
    });
    new ShopCustomers(this, 'Customers');
  }
}
