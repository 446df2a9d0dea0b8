import { CostEstimator } from '../../../src/cost';
import { LIST_PRICES } from '../list-prices';

describe('cloudformation family', () => {
  const e = new CostEstimator(LIST_PRICES).estimateTemplate(
    {
      Resources: {
        Meta: { Type: 'AWS::CDK::Metadata', Properties: {} },
        Nested: { Type: 'AWS::CloudFormation::Stack', Properties: {} },
        Rotation: { Type: 'AWS::Serverless::Application', Properties: {} },
        Wait: { Type: 'AWS::CloudFormation::WaitConditionHandle', Properties: {} },
        Custom: { Type: 'Custom::Anything', Properties: {} },
      },
    },
    'Stacks',
  );

  test('nested stacks and applications are not priced here, and say why', () => {
    expect(e.lines).toEqual([]);
    expect(e.notPriced.map((n) => [n.logicalId, n.reason])).toEqual([
      ['Nested', 'a nested stack: its resources are in its own template, not estimated here'],
      [
        'Rotation',
        'a nested application (e.g. a Secrets Manager rotation function): its resources deploy as a stack of their own, not estimated here',
      ],
    ]);
  });

  test('metadata, wait conditions and any Custom:: type are free', () => {
    expect(e.free.map((f) => f.logicalId)).toEqual(['Meta', 'Wait', 'Custom']);
    expect(e.free.find((f) => f.logicalId === 'Custom')?.reason).toBe(
      'no charge (its backing function is listed on its own)',
    );
  });
});
