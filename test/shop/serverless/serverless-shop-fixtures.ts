import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ServerlessShop, ServerlessShopProps, TableAccess } from '../../../src';
import { REPO_ROOT } from '../../helpers/processes';

/** The example storefront build, a stand-in for a Next.js static export. */
export const STOREFRONT_DIR = path.join(REPO_ROOT, 'examples', 'serverless', 'storefront');

/** Inline handler code: enough for synth. */
export const INLINE = lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });');

/** The routes of the shop under test: a public read and a protected write. */
export const ROUTES = [
  {
    route: 'GET /api/products',
    code: INLINE,
    tables: [{ table: 'catalog', access: TableAccess.of('dynamodb:Query') }],
  },
  {
    route: 'POST /api/orders',
    code: INLINE,
    protected: true,
    tables: [{ table: 'catalog', access: TableAccess.of('dynamodb:PutItem') }],
  },
];

/** The shop's props with the storefront and routes above, and `more`. */
export function shopProps(more: Partial<ServerlessShopProps> = {}): ServerlessShopProps {
  return { storefront: { directory: STOREFRONT_DIR }, routes: ROUTES, ...more };
}

/** Synthesizes a ServerlessShop in a stack of its own (environment-agnostic unless `env`). */
export function synthShop(
  more: Partial<ServerlessShopProps> | ((stack: Stack) => Partial<ServerlessShopProps>) = {},
  env?: { account: string; region: string },
): { shop: ServerlessShop; stack: Stack; template: Template } {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'Shop', { env });
  const shop = new ServerlessShop(stack, 'Shop', shopProps(typeof more === 'function' ? more(stack) : more));
  return { shop, stack, template: Template.fromStack(stack) };
}
