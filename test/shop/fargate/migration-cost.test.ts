import { BASIC, shopStack } from './fargate-fixtures';
import { CostEstimator } from '../../../src/cost';
import { LIST_PRICES } from '../../cost/list-prices';

/*
 * The migration runs only when the stack deploys: the estimator must not bill its functions or
 * its waiter at the shop's run-time invocation and transition assumptions.
 */

const template = shopStack({ ...BASIC, worker: {} }).template.toJSON();
const estimate = new CostEstimator(LIST_PRICES).estimateTemplate(template, 'Stack');
const migrationIds = Object.keys(template.Resources).filter((id) => id.startsWith('ShopMigration'));

test("the migration's five functions and its waiter are free, each with the reason", () => {
  const free = estimate.free.filter((f) => f.logicalId.startsWith('ShopMigration'));
  const byType = (type: string) =>
    free.filter((f) => f.type === type).map((f) => f.logicalId.replace(/[0-9A-F]{8}$/, ''));
  expect(byType('AWS::Lambda::Function').sort()).toEqual(
    [
      'ShopMigrationCheck',
      'ShopMigrationProviderframeworkisComplete',
      'ShopMigrationProviderframeworkonEvent',
      'ShopMigrationProviderframeworkonTimeout',
      'ShopMigrationStart',
    ].sort(),
  );
  expect(byType('AWS::StepFunctions::StateMachine')).toEqual(['ShopMigrationProviderwaiterstatemachine']);
  for (const f of free.filter((x) =>
    ['AWS::Lambda::Function', 'AWS::StepFunctions::StateMachine'].includes(x.type),
  )) {
    expect(f.reason).toMatch(/^runs only when the stack deploys, /);
  }
  const waiter = free.find((f) => f.type === 'AWS::StepFunctions::StateMachine')!;
  expect(waiter.reason).toMatch(
    /called by the custom resource provider function\(s\) ShopMigrationProviderframeworkonEvent/,
  );
});

test('no line of the estimate is for the migration but its log group; the rotation redeploy keeps every state transition', () => {
  const lines = estimate.lines.filter((l) => migrationIds.includes(l.logicalId));
  expect([...new Set(lines.map((l) => l.type))]).toEqual(['AWS::Logs::LogGroup']);
  const transitions = estimate.lines.filter((l) => l.type === 'AWS::StepFunctions::StateMachine');
  expect(transitions).toHaveLength(1);
  expect(transitions[0].logicalId).toMatch(/^ShopPasswordRotationRedeploy/);
  // all of stateTransitionsPerMonth (default 1,000) is the redeploy's: not split with the waiter
  expect(transitions[0].quantity).toBe(1);
  expect(transitions[0].assumption).not.toMatch(/split evenly over 2/);
});
