import { CostEstimator } from '../../../src/cost';
import { sum } from '../hand-sum';
import { LIST_PRICES } from '../list-prices';

// List prices of the price table: secretsManager.secret.month 0.40, kms.key.month 1.00.
describe('security family', () => {
  const e = new CostEstimator(LIST_PRICES).estimateTemplate(
    {
      Resources: {
        Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
        Key: { Type: 'AWS::KMS::Key', Properties: {} },
        Alias: { Type: 'AWS::KMS::Alias', Properties: {} },
        Role: { Type: 'AWS::IAM::Role', Properties: {} },
        Param: { Type: 'AWS::SSM::Parameter', Properties: {} },
      },
    },
    'Security',
  );

  test('a secret and a customer managed key are priced per month', () => {
    expect(e.lines.map((l) => [l.logicalId, l.priceKey, l.monthlyUsd])).toEqual([
      ['Secret', 'secretsManager.secret.month', 0.4],
      ['Key', 'kms.key.month', 1],
    ]);
    expect(e.totalMonthlyUsd).toBe(sum([0.4, 1]));
  });

  test('aliases, IAM and standard parameters are free, each with its reason', () => {
    expect(e.free.map((f) => [f.logicalId, f.reason])).toEqual([
      ['Alias', 'no charge (the key is priced)'],
      ['Role', 'IAM has no charge'],
      ['Param', 'standard parameters have no charge'],
    ]);
  });
});
