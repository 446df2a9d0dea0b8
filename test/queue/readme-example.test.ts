import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import * as library from '../../src';
import { CostEstimator } from '../../src/cost';
import { PRICES } from '../../src/cost/price-table.generated';
import { ShopQueue } from '../../src/queue';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { codeBlocks } = require('../readme/quick-start.js');

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');

function section(): string {
  const start = README.indexOf('\n## ShopQueue\n');
  expect(start).toBeGreaterThan(0);
  const rest = README.slice(start + 1);
  return rest.slice(0, rest.indexOf('\n## ', 3) + 1);
}

/** Runs the section's TypeScript app as pasted, with 'cdk-shop' as this repository's source. */
function runExample(): App {
  const [source] = codeBlocks(section(), 'ts') as string[];
  expect(source).toMatch(/from 'cdk-shop'/);
  const js = ts.transpileModule(`${source}\nmodule.exports = { app };\n`, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2020,
      esModuleInterop: true,
    },
  }).outputText;
  const mod = { exports: {} as { app?: App } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (name: string) => (name === 'cdk-shop' ? library : require(name));
  new Function('require', 'module', 'exports', js)(load, mod, mod.exports);
  return mod.exports.app!;
}

describe("README's ShopQueue example", () => {
  const app = runExample();
  const stack = app.node.findChild('QueueWorker') as Stack;
  const jobs = stack.node.findChild('Jobs') as ShopQueue;

  test('synthesizes a ShopQueue with a 2-minute visibility and backlog scaling of the worker at 30 per task', () => {
    expect(jobs).toBeInstanceOf(ShopQueue);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 120 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 1,
      MaxCapacity: 20,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 30 },
    });
  });

  test('quotes what CostEstimator says of the ShopQueue, before and with the always-free allowances', () => {
    const ids = new Set(
      jobs.node
        .findAll()
        .filter(CfnResource.isCfnResource)
        .map((r) => stack.resolve(r.logicalId)),
    );
    const ours = (estimator: CostEstimator) =>
      estimator
        .estimateStack(stack)
        .lines.filter((l) => ids.has(l.logicalId))
        .reduce((sum, l) => sum + l.monthlyUsd, 0);
    const before = ours(new CostEstimator({ alwaysFreeAllowances: false }));
    const withAllowances = ours(new CostEstimator());
    // the assumed queue requests (split over the queue and its DLQ) and two standard alarms, from the price table
    const millions = new CostEstimator().assumptions.queueRequestsPerMonth / 1e6;
    const expected =
      PRICES['sqs.standard.perMillion'].usd * millions + 2 * PRICES['cloudwatch.alarm.standard.month'].usd;
    expect(before).toBeCloseTo(expected, 4);
    expect(withAllowances).toBeCloseTo(0, 4);
    const quoted = section().match(
      /\*\*\$(\d+\.\d\d)<!--queue-cost--> a month\*\* before the always-free allowances and \$(\d+\.\d\d) with them/,
    );
    expect(quoted).not.toBeNull();
    expect([Number(quoted![1]), Number(quoted![2])]).toEqual([
      Number(before.toFixed(2)),
      Number(withAllowances.toFixed(2)),
    ]);
  });
});
