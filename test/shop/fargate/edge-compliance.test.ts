import { Stack } from 'aws-cdk-lib';
import { edgeShop, EDGE_SHOP } from './edge-fixture';
import { guardFindings } from '../../helpers/guard';
import { expectNagClean } from '../../helpers/nag';

/* The shop with the edge, in us-east-1 and in another region (with its us-east-1 stack). */

describe.each<[string, { region: string; account?: string }]>([
  ['us-east-1', { region: 'us-east-1' }],
  ['eu-west-1 with its us-east-1 stack', { region: 'eu-west-1', account: '111111111111' }],
])('FargateShop with the edge (%s) passes cdk-nag and cfn-guard', (_label, env) => {
  const { app } = edgeShop(EDGE_SHOP, env);
  const stacks = app.node.children.filter((c): c is Stack => c instanceof Stack);

  test('cdk-nag AwsSolutions and NIST 800-53 R5: no finding left, every acknowledgement reasoned', () => {
    expectNagClean(app);
  });

  test.each(stacks.map((s) => [s.stackName]))(
    'cfn-guard Control Tower rules on %s: no finding left',
    (name) => {
      expect(guardFindings(app, name)).toEqual([]);
    },
  );
});
