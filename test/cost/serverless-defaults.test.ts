import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { sum } from './hand-sum';
import { LIST_PRICES } from './list-prices';
import { CostEstimate, CostEstimator, CostEstimatorProps } from '../../src';

/*
 * README "Serverless usage: API Gateway, DynamoDB, Cognito": at the defaults, one HTTP API behind
 * CloudFront, one on-demand table with PITR and one Essentials user pool come to $0.54 a month;
 * the 1,000 MAUs alone are $15.00 at list prices. Built from aws-cdk-lib L2s.
 */
function serverlessStack(): any {
  const stack = new Stack(new App(), 'Serverless');
  const api = new apigwv2.HttpApi(stack, 'Api', {
    defaultIntegration: new HttpLambdaIntegration(
      'Catalog',
      new lambda.Function(stack, 'Catalog', {
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 512,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
      }),
    ),
  });
  new cloudfront.Distribution(stack, 'Cdn', {
    defaultBehavior: { origin: new origins.HttpOrigin(`${api.apiId}.execute-api.us-east-1.amazonaws.com`) },
  });
  new dynamodb.Table(stack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  new cognito.UserPool(stack, 'Customers', { featurePlan: cognito.FeaturePlan.ESSENTIALS });
  return Template.fromStack(stack).toJSON();
}

const SERVERLESS_TYPES = [
  'AWS::ApiGatewayV2::Api',
  'AWS::Lambda::Function',
  'AWS::DynamoDB::Table',
  'AWS::Cognito::UserPool',
];

function serverlessUsd(e: CostEstimate): number {
  return sum(e.lines.filter((l) => SERVERLESS_TYPES.includes(l.type)).map((l) => l.monthlyUsd));
}

function estimate(props: CostEstimatorProps = {}): CostEstimate {
  return new CostEstimator(props).estimateTemplate(serverlessStack(), 'Serverless');
}

describe('the serverless usage at the defaults (README)', () => {
  test('$0.54 a month with the always-free allowances', () => {
    const e = estimate();
    // 250,000 API requests 0.25; 500,000 RRU 0.0625; 50,000 WRU 0.03125; PITR 1 GB 0.20;
    // storage, MAUs and the function's invocations and GB-seconds within the free tiers
    expect(serverlessUsd(e)).toBe(sum([0.25, 0.0625, 0.03125, 0.2]));
    expect(e.lines.filter((l) => l.type === 'AWS::Cognito::UserPool').map((l) => l.quantity)).toEqual([
      1000, -1000,
    ]);
    expect(Math.round(serverlessUsd(e) * 100) / 100).toBe(0.54);
  });

  test('the 1,000 MAUs alone are $15.00 at list prices', () => {
    const e = estimate(LIST_PRICES);
    expect(e.lines.filter((l) => l.type === 'AWS::Cognito::UserPool').map((l) => l.monthlyUsd)).toEqual([15]);
  });
});
