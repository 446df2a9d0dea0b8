import { App, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** A region and account so ARNs and the issuer URL have literal parts. */
export const ENV = { env: { account: '111111111111', region: 'eu-west-1' } };

/** Inline handler code: enough for synth, no asset directory needed. */
export const CODE = lambda.Code.fromInline(
  'exports.handler = async () => ({ statusCode: 200, body: "ok" });',
);

export interface Fixture {
  readonly app: App;
  readonly stack: Stack;
  readonly catalog: dynamodb.Table;
  readonly orders: dynamodb.Table;
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
}

/** A stack with a catalog table (one GSI), an orders table, a user pool and its app client. */
export function fixture(app = new App(), name = 'Stack'): Fixture {
  const stack = new Stack(app, name, ENV);
  const catalog = new dynamodb.Table(stack, 'Catalog', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  catalog.addGlobalSecondaryIndex({
    indexName: 'byCategory',
    partitionKey: { name: 'category', type: dynamodb.AttributeType.STRING },
  });
  const orders = new dynamodb.Table(stack, 'Orders', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  const userPool = new cognito.UserPool(stack, 'Customers');
  const client = userPool.addClient('Storefront');
  return { app, stack, catalog, orders, userPool, client };
}
