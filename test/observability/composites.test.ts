import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  createComposites,
  MAX_RULE_ALARMS,
  MAX_RULE_CHARACTERS,
  MAX_RULE_OPERANDS,
  WORST_OPERAND_CHARACTERS,
} from '../../src/observability/composite-alarms';
import { resolveComposites, StackTemplate } from '../helpers/alarm-resolution';

/*
 * Composite alarms within CloudWatch's limits: at most 100 alarms in a rule and a rule of at
 * most 10,240 characters (PutCompositeAlarm,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html),
 * counted with every ARN at its longest.
 */

function alarms(stack: Stack, prefix: string, n: number): cloudwatch.Alarm[] {
  return Array.from(
    { length: n },
    (_, i) =>
      new cloudwatch.Alarm(stack, `${prefix}${i}`, {
        metric: new cloudwatch.Metric({
          namespace: 'AWS/SQS',
          metricName: 'NumberOfMessagesSent',
          dimensionsMap: { QueueName: `q${i}` },
        }),
        threshold: 1,
        evaluationPeriods: 1,
      }),
  );
}

/** The rule's operands (`ALARM(...)`) by composite logical id. */
function operandsOf(template: any): { [id: string]: string[] } {
  const out: { [id: string]: string[] } = {};
  for (const [id, r] of Object.entries<any>(template.Resources)) {
    if (r.Type !== 'AWS::CloudWatch::CompositeAlarm') continue;
    const rule = JSON.stringify(r.Properties.AlarmRule);
    out[id] = rule.match(/ALARM\(/g) ?? [];
  }
  return out;
}

function build(n: { edge: number; app: number; data: number; down?: number }) {
  const app = new App();
  const stack = new Stack(app, 'Shop', { env: { region: 'eu-west-1', account: '111122223333' } });
  const topic = new sns.Topic(stack, 'Topic', { enforceSSL: true });
  const tiers = {
    edge: alarms(stack, 'E', n.edge),
    app: alarms(stack, 'A', n.app),
    data: alarms(stack, 'D', n.data),
  };
  const composites = createComposites(stack, {
    tiers,
    shopDown: tiers.app.slice(0, n.down ?? 2),
    topic,
    name: 'Shop/Shop',
  });
  return { stack, composites, template: Template.fromStack(stack).toJSON() };
}

describe('composite alarms', () => {
  test('the worst-case operand: 31 fit in 10,240 characters, so 30 a rule is safe', () => {
    expect(WORST_OPERAND_CHARACTERS).toBeGreaterThanOrEqual(320);
    expect(MAX_RULE_OPERANDS * WORST_OPERAND_CHARACTERS).toBeLessThanOrEqual(MAX_RULE_CHARACTERS);
    expect(MAX_RULE_OPERANDS).toBeLessThanOrEqual(MAX_RULE_ALARMS);
  });

  test('one composite per tier with alarms, OR of exactly its alarms; none for an empty tier', () => {
    const { composites, template } = build({ edge: 0, app: 5, data: 3 });
    expect(composites.edge).toBeUndefined();
    const ops = operandsOf(template);
    const id = (c: cloudwatch.CompositeAlarm) =>
      Stack.of(c).getLogicalId(c.node.defaultChild as cloudwatch.CfnCompositeAlarm);
    expect(ops[id(composites.app!)]).toHaveLength(5);
    expect(ops[id(composites.data!)]).toHaveLength(3);
    expect(ops[id(composites.shopDown!)]).toHaveLength(2);
    expect(JSON.stringify(template.Resources[id(composites.app!)].Properties.AlarmRule)).toMatch(/ OR /);
  });

  test('a tier of 250 alarms: nested composites, every rule within the limits at worst, every alarm reached once', () => {
    const { composites, template } = build({ edge: 1, app: 250, data: 1 });
    const ops = operandsOf(template);
    for (const operands of Object.values(ops)) {
      expect(operands.length).toBeLessThanOrEqual(MAX_RULE_OPERANDS);
      expect(operands.length * WORST_OPERAND_CHARACTERS).toBeLessThanOrEqual(MAX_RULE_CHARACTERS);
    }
    // 250 → 9 parts of ≤ 30 → the tier composite over the 9 parts
    expect(composites.all.filter((c) => c.node.id.startsWith('AppAlarmPart'))).toHaveLength(9);
    // resolved through the parts, the tier composite names each of the 250 alarms exactly once
    const stacks: StackTemplate[] = [{ name: 'Shop', template, region: 'eu-west-1' }];
    const resolved = resolveComposites(stacks);
    expect(resolved.length).toBe(Object.keys(ops).length);
    const reached = new Map<string, number>();
    const byId = new Map(Object.entries<any>(template.Resources));
    const walk = (logicalId: string) => {
      const rule = JSON.stringify(byId.get(logicalId).Properties.AlarmRule);
      for (const m of rule.matchAll(/"Fn::GetAtt":\["(\w+)","Arn"\]/g)) {
        const target = byId.get(m[1]);
        if (target.Type === 'AWS::CloudWatch::CompositeAlarm') walk(m[1]);
        else reached.set(m[1], (reached.get(m[1]) ?? 0) + 1);
      }
    };
    walk(
      Stack.of(composites.app!).getLogicalId(
        composites.app!.node.defaultChild as cloudwatch.CfnCompositeAlarm,
      ),
    );
    expect(reached.size).toBe(250);
    expect([...reached.values()].every((n) => n === 1)).toBe(true);
  });

  test('only the top composite notifies: the nested parts have no actions', () => {
    const { composites, template } = build({ edge: 0, app: 40, data: 0 });
    const parts = composites.all.filter((c) => c.node.id.startsWith('AppAlarmPart'));
    expect(parts).toHaveLength(2);
    for (const part of parts) {
      const props =
        template.Resources[
          Stack.of(part).getLogicalId(part.node.defaultChild as cloudwatch.CfnCompositeAlarm)
        ].Properties;
      expect(props.AlarmActions).toBeUndefined();
    }
    const top =
      template.Resources[
        Stack.of(composites.app!).getLogicalId(
          composites.app!.node.defaultChild as cloudwatch.CfnCompositeAlarm,
        )
      ].Properties;
    expect(top.AlarmActions).toHaveLength(1);
    expect(top.OKActions).toEqual(top.AlarmActions);
  });
});
