import { Annotations, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import type { ShopTableGrant } from './table-access';
import { invalidProp } from '../../private/errors';

/** The actions that also read a table's indexes (a Query or Scan on `IndexName`). */
const INDEX_ACTIONS = ['dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PartiQLSelect'];
/** Actions that only read items: a customer-managed key needs Decrypt for them. */
const READ_ONLY_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:PartiQLSelect',
  'dynamodb:DescribeTable',
  'dynamodb:DescribeTimeToLive',
];

/**
 * What DynamoDB asks of a caller's customer-managed key, only through DynamoDB (`kms:ViaService`).
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
 */
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE_ACTIONS = [
  ...KEY_READ_ACTIONS,
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

/**
 * The environment variable that carries a table's name to a route's function: `TABLE_` and the
 * name in capitals, other characters as `_` (`catalog` → `TABLE_CATALOG`, `order-items` →
 * `TABLE_ORDER_ITEMS`).
 */
export function tableVariableName(name: string): string {
  return `TABLE_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Grants a function exactly its grants' actions on each table it names and, for Query, Scan
 * and PartiQLSelect, on that table's indexes (`indexArns`); nothing else. A table
 * encrypted with a customer-managed key adds the key actions DynamoDB needs on the caller's
 * behalf (Decrypt and DescribeKey, for writes also Encrypt, GenerateDataKey and ReEncrypt),
 * only via DynamoDB. Sets the table variables on
 * functions this construct defines (or any `lambda.Function`).
 *
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html
 */
export function grantTables(
  scope: IConstruct,
  prop: string,
  fn: lambda.IFunction,
  grants: ShopTableGrant[],
  tables: { [name: string]: dynamodb.ITable },
): string[] {
  const unsetVariables: string[] = [];
  const wildcards: string[] = [];
  for (const grant of grants) {
    const table = tables[grant.table];
    const actions = grant.access.actions;
    add(scope, prop, fn, actions, [table.tableArn]);
    const indexActions = actions.filter((a) => INDEX_ACTIONS.includes(a));
    const indexes = indexArns(table);
    if (indexActions.length > 0 && indexes.length > 0) {
      add(scope, prop, fn, indexActions, indexes);
      wildcards.push(
        ...indexes.filter((arn) => arn.endsWith('/index/*')).map((arn) => nagResourceName(scope, arn)),
      );
    }
    if (table.encryptionKey) {
      const writes = actions.some((a) => !READ_ONLY_ACTIONS.includes(a));
      add(scope, prop, fn, writes ? KEY_WRITE_ACTIONS : KEY_READ_ACTIONS, [table.encryptionKey.keyArn], {
        StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(scope).region}.${Stack.of(scope).urlSuffix}` },
      });
    }
    const variable = tableVariableName(grant.table);
    if (fn instanceof lambda.Function) fn.addEnvironment(variable, table.tableName);
    else unsetVariables.push(`${variable}=${grant.table}`);
  }
  if (unsetVariables.length > 0) {
    Annotations.of(scope).addWarningV2(
      'cdk-shop:ShopApi.tableVariables',
      `${prop}: the route's function is imported, so its table variables were not set (${unsetVariables.join(', ')}); give it the tables' names yourself.`,
    );
  }
  return wildcards;
}

/**
 * A resource ARN as cdk-nag spells it in a granular finding id: references as `<LogicalId>`,
 * attributes as `<LogicalId.Attribute>`, joins flattened.
 */
function nagResourceName(scope: IConstruct, arn: string): string {
  const render = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const v = value as { [key: string]: any };
    if (v.Ref !== undefined) return `<${v.Ref}>`;
    if (v['Fn::GetAtt'] !== undefined) return `<${v['Fn::GetAtt'].join('.')}>`;
    if (v['Fn::Join'] !== undefined) {
      return (v['Fn::Join'][1] as unknown[]).map(render).join(v['Fn::Join'][0]);
    }
    return JSON.stringify(value);
  };
  return render(Stack.of(scope).resolve(arn));
}

/**
 * The ARNs of a table's indexes: one per index the table defines (global and local, as its
 * CloudFormation resource lists them when the grant is made); `<ARN>/index/*` for a table
 * defined elsewhere, whose indexes are unknown here.
 */
export function indexArns(table: dynamodb.ITable): string[] {
  const cfn = table.node.defaultChild;
  if (!(cfn instanceof dynamodb.CfnTable) && !(cfn instanceof dynamodb.CfnGlobalTable)) {
    return [`${table.tableArn}/index/*`];
  }
  const stack = Stack.of(cfn);
  const names = [cfn.globalSecondaryIndexes, cfn.localSecondaryIndexes].flatMap((list) =>
    ((stack.resolve(list) as Array<{ indexName: string }> | undefined) ?? []).map((i) => i.indexName),
  );
  return names.map((name) => `${table.tableArn}/index/${name}`);
}

function add(
  scope: IConstruct,
  prop: string,
  fn: lambda.IFunction,
  actions: string[],
  resources: string[],
  conditions?: { [key: string]: unknown },
): void {
  // an imported function without its role has an UnknownPrincipal, which only warns
  const result = fn.role
    ? fn.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources, conditions }))
    : undefined;
  if (!result?.statementAdded) {
    throw invalidProp(
      scope,
      prop,
      "the route's function has no role this construct can add its table permissions to",
      'Import the function with its role (lambda.Function.fromFunctionAttributes({ functionArn, role })), or give code.',
    );
  }
}
