import { RecordedCall } from './handlers-dynamodb';
import { CfnResolver } from '../../helpers/cfn-resolver';

const REGION = 'us-east-1';
const ACCOUNT = '111122223333';

/** An Allow or Deny statement of a function's role, its actions and resolved resources. */
export interface PolicyStatement {
  readonly effect: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly raw: any;
}

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The ARN of a table, and of its indexes, as IAM matches them. */
export const tableArn = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;

/**
 * Every statement the role of the function `functionId` gets in the template: its inline
 * policies and every AWS::IAM::Policy attached to it, resources resolved with the tables'
 * physical names (`tables`: logical id → name). Managed policies are returned apart.
 */
export function functionStatements(
  template: any,
  functionId: string,
  tables: Record<string, string>,
): { statements: PolicyStatement[]; managedPolicies: unknown[] } {
  const resources = template.Resources as Record<string, any>;
  const role = resources[functionId].Properties.Role;
  const roleId: string = role['Fn::GetAtt'][0];
  const resolver = new CfnResolver(template, REGION, ACCOUNT);
  const documents: any[] = [
    ...list(resources[roleId].Properties.Policies).map((p: any) => p.PolicyDocument),
    ...Object.values(resources)
      .filter(
        (r) => r.Type === 'AWS::IAM::Policy' && list(r.Properties.Roles).some((x: any) => x?.Ref === roleId),
      )
      .map((r) => r.Properties.PolicyDocument),
  ];
  const physical = (value: string) =>
    value.replace(/<([A-Za-z0-9]+)\.Arn>/g, (whole, id: string) =>
      tables[id] ? tableArn(tables[id]) : whole,
    );
  const statements = documents.flatMap((d) =>
    list(d.Statement).map((s: any) => {
      // NotAction / NotResource could allow DynamoDB without naming it, a condition narrows a
      // grant: outside this check's model, so refused (a condition on another service is fine)
      const dynamo = list(s.Action).some((a) => /^(dynamodb:|\*)/i.test(String(a)));
      if (s.NotAction || s.NotResource || s.Principal || (s.Condition && dynamo)) {
        throw new Error(`statement outside this check's model: ${JSON.stringify(s)}`);
      }
      return {
        effect: s.Effect,
        actions: list(s.Action).map(String),
        resources: list(resolver.resolve(s.Resource)).map((r) => physical(String(r))),
        raw: s,
      };
    }),
  );
  return { statements, managedPolicies: list(resources[roleId].Properties.ManagedPolicyArns) };
}

/** IAM's wildcard match (`*` any run, `?` one character); actions are case-insensitive. */
function matches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/** Whether the statements allow this call (an Allow matches, no Deny does). */
export function allows(statements: PolicyStatement[], call: RecordedCall): boolean {
  const resource = call.index ? `${tableArn(call.table)}/index/${call.index}` : tableArn(call.table);
  const hit = (s: PolicyStatement) =>
    s.actions.some((a) => matches(a, call.action, true)) && s.resources.some((r) => matches(r, resource));
  return (
    statements.some((s) => s.effect === 'Allow' && hit(s)) &&
    !statements.some((s) => s.effect === 'Deny' && hit(s))
  );
}

/**
 * What the statements allow on DynamoDB, by table name: the actions named exactly (a
 * wildcard action, or a resource that is not one of the tables `names`, is a problem).
 * A grant on `table/X/index/*` counts as a grant on table X.
 */
export function dynamoGrants(
  statements: PolicyStatement[],
  names: string[],
): { byTable: Record<string, Set<string>>; problems: string[] } {
  const byTable: Record<string, Set<string>> = {};
  const problems: string[] = [];
  for (const s of statements.filter((x) => x.effect === 'Allow')) {
    const dynamo = s.actions.filter((a) => matches(a, 'dynamodb:GetItem', true) || /^dynamodb:/i.test(a));
    if (dynamo.length === 0) continue;
    for (const action of dynamo) if (/[*?]/.test(action)) problems.push(`wildcard action ${action}`);
    for (const resource of s.resources) {
      const table = names.find((n) => resource === tableArn(n) || resource === `${tableArn(n)}/index/*`);
      if (!table) {
        problems.push(`${dynamo.join(', ')} on ${resource}, a table the handler never called`);
        continue;
      }
      byTable[table] ??= new Set();
      for (const action of dynamo) byTable[table].add(action);
    }
  }
  return { byTable, problems };
}

/** The recorded calls as action sets by table. */
export function callsByTable(calls: RecordedCall[]): Record<string, Set<string>> {
  const byTable: Record<string, Set<string>> = {};
  for (const call of calls) (byTable[call.table] ??= new Set()).add(call.action);
  return byTable;
}

/**
 * What keeps the statements from being exactly the calls' needs, as sentences (none: exact):
 * a call they do not allow; a DynamoDB action allowed on a table that the calls never made on
 * it; a table in a Resource that no call touched; a wildcard action; a resource not a table.
 */
export function exactnessProblems(statements: PolicyStatement[], calls: RecordedCall[]): string[] {
  const problems: string[] = [];
  for (const call of calls) {
    if (!allows(statements, call)) problems.push(`${call.action} on ${call.table} is not allowed`);
  }
  const called = callsByTable(calls);
  const granted = dynamoGrants(statements, Object.keys(called));
  problems.push(...granted.problems);
  for (const [table, actions] of Object.entries(granted.byTable)) {
    for (const action of actions) {
      if (!called[table]?.has(action)) problems.push(`${action} is allowed on ${table} but never called`);
    }
  }
  return [...new Set(problems)];
}
