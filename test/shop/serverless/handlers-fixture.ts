import * as fs from 'fs';
import * as path from 'path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { App, CfnElement } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { createTable, emulatorClient, EMULATOR_ENV, RecordedCall, RecordingProxy } from './handlers-dynamodb';
import { exampleRoutes, ServerlessShopStack } from '../../../examples/serverless-shop';
import { Moto } from '../../helpers/moto';
import { REPO_ROOT } from '../../helpers/processes';

/** The example shop's route keys (examples/serverless-shop.ts). */
export const ROUTES: string[] = exampleRoutes().map((r) => r.route);

/** The synthesized shop the handlers run against: its template and where its parts are. */
export interface ShopUnderTest {
  readonly template: any;
  /** route key → logical id of its AWS::Lambda::Function */
  readonly functions: Record<string, string>;
  /** route key → the function's code as synthesized: its staged asset directory */
  readonly code: Record<string, string>;
  /** the cloud assembly's directory (removed by `HandlerRig.stop`) */
  readonly outdir: string;
  /** logical ids of the AWS::DynamoDB::Table resources */
  readonly tables: string[];
}

/**
 * The shop the handlers are proved against: the ServerlessShop example stack
 * (examples/serverless-shop.ts), its routes on the shop's ShopApi and its tables.
 */
export function synthShop(): ShopUnderTest {
  // the cloud assembly inside the repository, so the staged handler code resolves the AWS SDK
  // from its node_modules as Lambda's runtime provides it outside the asset
  fs.mkdirSync(path.join(REPO_ROOT, '.tmp'), { recursive: true });
  const outdir = fs.mkdtempSync(path.join(REPO_ROOT, '.tmp', 'handlers-shop-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new ServerlessShopStack(app, 'ServerlessShop');
  const id = (c: IConstruct) => stack.getLogicalId(c.node.defaultChild as CfnElement);
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template;
  const functions = Object.fromEntries(ROUTES.map((route) => [route, id(stack.shop.api.functionFor(route))]));
  const code = Object.fromEntries(
    ROUTES.map((route) => [
      route,
      path.join(assembly.directory, template.Resources[functions[route]].Metadata['aws:asset:path']),
    ]),
  );
  return { template, functions, code, outdir, tables: stack.shop.tables.map((t) => id(t.table)) };
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
    const dir = this.shop.code[route];
    const environment = this.environment(route);
    const saved = Object.fromEntries(Object.keys(environment).map((k) => [k, process.env[k]]));
    Object.assign(process.env, environment);
    this.proxy.take();
    try {
      // the function's Handler setting, `file.export`, resolved in the handler's directory
      const [file, name] =
        this.shop.template.Resources[this.shop.functions[route]].Properties.Handler.split('.');
      const key = `${dir}/${file}.${name}`;
      let handler = this.handlers.get(key);
      if (!handler) {
        jest.isolateModules(() => {
          // the handler is plain CommonJS, loaded as Lambda loads it
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          handler = require(path.join(dir, `${file}.js`))[name];
        });
        this.handlers.set(key, handler!);
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
    fs.rmSync(this.shop.outdir, { recursive: true, force: true });
    await Promise.allSettled([this.proxy.stop(), this.moto.stop()]);
  }
}
