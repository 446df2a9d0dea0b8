import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack, StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  ShopApi,
  ShopApiType,
  ShopCustomers,
  ShopEdge,
  ShopStorefront,
  ShopTable,
  TableAccess,
} from '../../src';

/**
 * The serverless shape until `ServerlessShop` lands, composed from its building blocks at their
 * defaults: a static storefront (ShopStorefront) behind ShopEdge (CloudFront + WAF) with ShopApi's
 * HTTP API at /api/*; three routes (catalog list, product, a protected order route), each a
 * function of ShopApi's defaults (ARM64, 512 MB, active tracing, logs kept a month); one
 * on-demand `catalog` ShopTable (PITR on); ShopCustomers (a user pool on the Essentials plan).
 */
export class ServerlessStandInStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps & { readonly apiType?: ShopApiType } = {}) {
    super(scope, id, props);
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-storefront-'));
    fs.writeFileSync(path.join(directory, 'index.html'), '<!doctype html><title>Shop</title>');
    const storefront = new ShopStorefront(this, 'Storefront', { directory });
    const catalog = new ShopTable(this, 'Catalog');
    const customers = new ShopCustomers(this, 'Customers');
    const code = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');
    const catalogRead = [{ table: 'catalog', access: TableAccess.READ }];
    const api = new ShopApi(this, 'Api', {
      apiType: props.apiType,
      tables: { catalog: catalog.table },
      userPool: customers.userPool,
      userPoolClients: [customers.userPoolClient],
      routes: [
        { route: 'GET /api/products', code, tables: catalogRead },
        { route: 'GET /api/products/{id}', code, tables: catalogRead },
        {
          route: 'POST /api/orders',
          code,
          protected: true,
          tables: [{ table: 'catalog', access: TableAccess.READ_WRITE }],
        },
      ],
    });
    new ShopEdge(this, 'Edge', { storefront, apiOrigin: api.origin });
  }
}
