import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CostEstimate, CostEstimator, CostEstimatorProps } from '../../../src/cost';
import { LIST_PRICES } from '../list-prices';

/*
 * List prices (data/prices/aws-us-east-1.json): cognito.lite.perMau 0.0055,
 * cognito.essentials.perMau 0.015, cognito.plus.perMau 0.02; the account's 10,000 free MAU of the
 * Lite and Essentials plans (cognito.freeTier.mau) are tested in test/cost/allowances.test.ts.
 */

function fromStack(build: (stack: Stack) => void, props: CostEstimatorProps = {}): CostEstimate {
  const stack = new Stack(new App(), 'Customers');
  build(stack);
  return new CostEstimator({ ...LIST_PRICES, ...props }).estimateTemplate(
    Template.fromStack(stack).toJSON(),
    'Customers',
  );
}

const pool = (properties: any = {}) => ({ Type: 'AWS::Cognito::UserPool', Properties: properties });

describe('Cognito user pools', () => {
  test.each<[string, cognito.FeaturePlan, string, number]>([
    ['Lite', cognito.FeaturePlan.LITE, 'cognito.lite.perMau', 0.0055],
    ['Essentials', cognito.FeaturePlan.ESSENTIALS, 'cognito.essentials.perMau', 0.015],
    ['Plus', cognito.FeaturePlan.PLUS, 'cognito.plus.perMau', 0.02],
  ])('the %s plan of an L2 user pool with an app client and a domain', (name, featurePlan, key, price) => {
    const e = fromStack(
      (stack) => {
        const userPool = new cognito.UserPool(stack, 'Pool', { featurePlan });
        userPool.addClient('Storefront');
        userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'acme-shop' } });
      },
      { monthlyActiveUsers: 40_000 },
    );
    // 40,000 MAU at list prices (no free tier here)
    expect(e.lines.map((l) => [l.description, l.priceKey, l.quantity, l.monthlyUsd])).toEqual([
      [`Cognito monthly active users (${name})`, key, 40_000, Math.round(40_000 * price * 1e4) / 1e4],
    ]);
    expect(e.notPriced).toEqual([]);
    expect(e.free.map((f) => f.type).sort()).toEqual([
      'AWS::Cognito::UserPoolClient',
      'AWS::Cognito::UserPoolDomain',
    ]);
  });

  test("UserPoolTier not set is CloudFormation's default, ESSENTIALS; the default MAUs are requestsPerMonth ÷ 1,000", () => {
    const e = new CostEstimator({ ...LIST_PRICES, requestsPerMonth: 6_000_000 }).estimateTemplate(
      { Resources: { Pool: pool() } },
      'Customers',
    );
    // 6,000,000 ÷ 1,000 = 6,000 MAU × 0.015 = 90
    expect(e.lines.map((l) => [l.priceKey, l.quantity, l.monthlyUsd])).toEqual([
      ['cognito.essentials.perMau', 6000, 90],
    ]);
    expect(e.lines[0].assumption).toMatch(
      /^monthlyActiveUsers 6000; UserPoolTier not set: CloudFormation's default ESSENTIALS/,
    );
    expect(e.assumptions.monthlyActiveUsers).toBe(6000);
    // the estimator's own default: 1,000,000 requests, 1,000 MAU
    expect(new CostEstimator().assumptions.monthlyActiveUsers).toBe(1000);
  });

  test('MAUs are split evenly over the user pools', () => {
    const e = new CostEstimator({ ...LIST_PRICES, monthlyActiveUsers: 10_000 }).estimateTemplate(
      { Resources: { A: pool({ UserPoolTier: 'LITE' }), B: pool({ UserPoolTier: 'PLUS' }) } },
      'Customers',
    );
    // 5,000 each: Lite 27.50, Plus 100
    expect(e.lines.map((l) => [l.logicalId, l.quantity, l.monthlyUsd])).toEqual([
      ['A', 5000, 27.5],
      ['B', 5000, 100],
    ]);
    expect(e.lines[1].assumption).toMatch(
      /split evenly over 2 user pools = 5000 per pool; UserPoolTier PLUS; the Plus plan has no free tier/,
    );
  });

  test.each<[string, any, RegExp]>([
    ['a tier from a parameter', { UserPoolTier: { Ref: 'Tier' } }, /^UserPoolTier is not a literal$/],
    ['an unknown tier', { UserPoolTier: 'GOLD' }, /^UserPoolTier GOLD is not LITE, ESSENTIALS or PLUS$/],
  ])('%s is not priced, and says why', (_what, properties, reason) => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate({ Resources: { Pool: pool(properties) } }, 'C');
    expect(e.lines).toEqual([]);
    expect(e.notPriced).toEqual([
      { logicalId: 'Pool', type: 'AWS::Cognito::UserPool', reason: expect.stringMatching(reason) },
    ]);
  });

  test('the legacy advanced security add-on outside the Plus plan is named as not priced', () => {
    const e = new CostEstimator(LIST_PRICES).estimateTemplate(
      { Resources: { Pool: pool({ UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } }) } },
      'C',
    );
    expect(e.lines[0].assumption).toMatch(
      /AdvancedSecurityMode ENFORCED outside the Plus plan: its per-MAU charge is not priced/,
    );
  });
});
