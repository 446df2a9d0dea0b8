import * as path from 'path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { createTable, emulatorClient, EMULATOR_ENV, RecordedCall, RecordingProxy } from './handlers-dynamodb';
import { ShopTable } from '../../../src/shop/serverless';
import { Moto } from '../../helpers/moto';
import { REPO_ROOT } from '../../helpers/processes';

export const HANDLERS_DIR = path.join(REPO_ROOT, 'examples', 'serverless', 'handlers');

/** The example routes: route key → the handler directory under examples/serverless/handlers. */
export const ROUTES: Record<string, string> = {
  'GET /api/products': 'catalog-read',
  'GET /api/products/{id}': 'catalog-read',
  'POST /api/orders': 'order-write',
};

/** The synthesized shop the handlers run against: its template and where its parts are. */
export interface ShopUnderTest {
  readonly template: any;
  /** route key → logical id of its AWS::Lambda::Function */
  readonly functions: Record<string, string>;
  /** logical ids of the AWS::DynamoDB::Table resources */
  readonly tables: string[];
}

/**
 * The shop the handlers are proved against. Until ShopApi lands: two ShopTables at their
 * defaults and one function per handler with the table variables ShopApi sets (TABLE_<NAME>)
 * and exactly the grants the handlers need.
 */
export function synthShop(): ShopUnderTest {
  const app = new App();
  const stack = new Stack(app, 'HandlersShop');
  const catalog = new ShopTable(stack, 'Catalog').table;
  const orders = new ShopTable(stack, 'Orders').table;
  const fn = (id: string, dir: string, environment: Record<string, string>) =>
    new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      code: lambda.Code.fromAsset(path.join(HANDLERS_DIR, dir)),
      handler: 'index.handler',
      environment,
    });
  const read = fn('CatalogRead', 'catalog-read', { TABLE_CATALOG: catalog.tableName });
  catalog.grant(read, 'dynamodb:GetItem', 'dynamodb:Query');
  const write = fn('OrderWrite', 'order-write', {
    TABLE_CATALOG: catalog.tableName,
    TABLE_ORDERS: orders.tableName,
  });
  catalog.grant(write, 'dynamodb:BatchGetItem');
  orders.grant(write, 'dynamodb:PutItem');
  const id = (f: lambda.Function) => stack.getLogicalId(f.node.defaultChild as lambda.CfnFunction);
  return {
    template: Template.fromStack(stack).toJSON(),
    functions: {
      'GET /api/products': id(read),
      'GET /api/products/{id}': id(read),
      'POST /api/orders': id(write),
    },
    tables: [catalog, orders].map((t) => stack.getLogicalId(t.node.defaultChild as dynamodb.CfnTable)),
  };
}

type Handler = (event: any) => Promise<any>;

/**
 * moto on loopback with the shop's tables made from the template, the recording proxy in front
 * of it, and the example handlers loaded as Lambda would (`require`, once per environment).
 */
export class HandlerRig {
  static async start(shop: ShopUnderTest): Promise<HandlerRig> {
    const moto = await Moto.start();
    const proxy = await RecordingProxy.start(moto.endpoint);
    Object.assign(process.env, EMULATOR_ENV, { AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint });
    const rig = new HandlerRig(shop, moto, proxy, emulatorClient(moto.endpoint));
    for (const id of shop.tables) {
      await createTable(rig.client, rig.tableNames[id], shop.template.Resources[id].Properties);
    }
    return rig;
  }

  /** logical id → the physical name the table has in moto */
  readonly tableNames: Record<string, string>;
  /** route key → every DynamoDB call its function made in this run */
  readonly calls: Record<string, RecordedCall[]> = {};
  private readonly handlers = new Map<string, Handler>();

  private constructor(
    readonly shop: ShopUnderTest,
    private readonly moto: Moto,
    private readonly proxy: RecordingProxy,
    readonly client: DynamoDBDocumentClient,
  ) {
    this.tableNames = Object.fromEntries(shop.tables.map((id) => [id, `${id.toLowerCase()}-test`]));
  }

  /** The function's environment variables from the template, table references as moto's names. */
  environment(route: string): Record<string, string> {
    const variables =
      this.shop.template.Resources[this.shop.functions[route]].Properties.Environment?.Variables ?? {};
    return Object.fromEntries(
      Object.entries(variables).map(([k, v]: [string, any]) => [
        k,
        v?.Ref ? this.tableNames[v.Ref] : String(v),
      ]),
    );
  }

  /** Invokes the route's handler with its function's environment; records its DynamoDB calls. */
  async invoke(route: string, event: any): Promise<any> {
    const dir = ROUTES[route];
    const environment = this.environment(route);
    const saved = Object.fromEntries(Object.keys(environment).map((k) => [k, process.env[k]]));
    Object.assign(process.env, environment);
    this.proxy.take();
    try {
      let handler = this.handlers.get(dir);
      if (!handler) {
        jest.isolateModules(() => {
          // the handler is plain CommonJS, loaded as Lambda loads it
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          handler = require(path.join(HANDLERS_DIR, dir, 'index.js')).handler;
        });
        this.handlers.set(dir, handler!);
      }
      return await handler!(event);
    } finally {
      (this.calls[route] ??= []).push(...this.proxy.take());
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  async stop(): Promise<void> {
    this.client.destroy();
    await Promise.allSettled([this.proxy.stop(), this.moto.stop()]);
  }
}
