import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { IConstruct } from 'constructs';
import type { ShopTableProps } from './shop-table';
import { DYNAMODB_LIMITS } from './table-limits';
import { checkKeyRegion, checkWholeNumber } from '../../private/checks';
import { invalidProp, requireLiteral } from '../../private/errors';

const DEFAULT_PARTITION_KEY: dynamodb.Attribute = { name: 'pk', type: dynamodb.AttributeType.STRING };
const DEFAULT_SORT_KEY: dynamodb.Attribute = { name: 'sk', type: dynamodb.AttributeType.STRING };

/** The table's keys: the given ones, or `pk`/`sk` strings when no partition key is given. */
export function tableKeysOf(props: ShopTableProps): {
  partitionKey: dynamodb.Attribute;
  sortKey?: dynamodb.Attribute;
} {
  if (props.partitionKey) return { partitionKey: props.partitionKey, sortKey: props.sortKey };
  return { partitionKey: DEFAULT_PARTITION_KEY, sortKey: DEFAULT_SORT_KEY };
}

/** Rejects table props DynamoDB or CloudFormation would refuse, or that contradict each other. */
export function validateTableProps(scope: IConstruct, props: ShopTableProps): void {
  if (props.sortKey && !props.partitionKey) {
    throw invalidProp(
      scope,
      'sortKey',
      `'${props.sortKey.name}' is given without a partitionKey, and the default partition key 'pk' comes with the default sort key 'sk'`,
      "Give partitionKey too (for the default: { name: 'pk', type: AttributeType.STRING }), or leave both out for pk/sk.",
    );
  }
  const types = new Map<string, { type: dynamodb.AttributeType; prop: string }>();
  const { partitionKey, sortKey } = tableKeysOf(props);
  checkKey(scope, 'partitionKey', partitionKey, types);
  if (sortKey) checkKey(scope, 'sortKey', sortKey, types);
  if (sortKey && sortKey.name === partitionKey.name) {
    throw invalidProp(
      scope,
      'sortKey',
      `'${sortKey.name}' is also the partition key, and a key schema names two different attributes`,
      'Give the sort key another attribute name, or leave it out.',
    );
  }
  checkIndexes(scope, props.globalSecondaryIndexes ?? [], types);
  checkTimeToLive(scope, props.timeToLiveAttribute, types);
  checkRecovery(scope, props);
  checkKeyRegion(scope, 'encryptionKey', props.encryptionKey);
  checkRemoval(scope, props);
}

function checkIndexes(
  scope: IConstruct,
  indexes: dynamodb.GlobalSecondaryIndexProps[],
  types: Map<string, { type: dynamodb.AttributeType; prop: string }>,
): void {
  if (indexes.length > DYNAMODB_LIMITS.maxGlobalSecondaryIndexes) {
    throw invalidProp(
      scope,
      'globalSecondaryIndexes',
      `${indexes.length} indexes are more than the ${DYNAMODB_LIMITS.maxGlobalSecondaryIndexes} a table may have (the default quota)`,
      'Give at most 20, share an index between access patterns (overloaded keys), or raise the quota in Service Quotas first.',
    );
  }
  const names = new Set<string>();
  let projected = 0;
  indexes.forEach((index, i) => {
    const prop = `globalSecondaryIndexes[${i}]`;
    const name = index.indexName;
    requireLiteral(scope, `${prop}.indexName`, name, 'an index name');
    if (typeof name !== 'string' || !DYNAMODB_LIMITS.indexName.test(name)) {
      throw invalidProp(
        scope,
        `${prop}.indexName`,
        `'${name}' is not an index name DynamoDB accepts`,
        "Give 3 to 255 characters of letters, digits, '_', '-' and '.', such as 'by-category'.",
      );
    }
    if (names.has(name)) {
      throw invalidProp(
        scope,
        `${prop}.indexName`,
        `'${name}' names another index of this table too`,
        'Give each index its own name.',
      );
    }
    names.add(name);
    const partitions = index.partitionKeys ?? (index.partitionKey ? [index.partitionKey] : []);
    const sorts = index.sortKeys ?? (index.sortKey ? [index.sortKey] : []);
    partitions.forEach((key, k) =>
      checkKey(scope, `${prop}.${index.partitionKeys ? `partitionKeys[${k}]` : 'partitionKey'}`, key, types),
    );
    sorts.forEach((key, k) =>
      checkKey(scope, `${prop}.${index.sortKeys ? `sortKeys[${k}]` : 'sortKey'}`, key, types),
    );
    if (index.readCapacity !== undefined || index.writeCapacity !== undefined) {
      throw invalidProp(
        scope,
        `${prop}.${index.readCapacity !== undefined ? 'readCapacity' : 'writeCapacity'}`,
        'is provisioned capacity, and a ShopTable and its indexes are on demand',
        'Leave readCapacity and writeCapacity out (maxReadRequestUnits/maxWriteRequestUnits cap on-demand throughput).',
      );
    }
    projected +=
      index.projectionType === dynamodb.ProjectionType.INCLUDE ? (index.nonKeyAttributes ?? []).length : 0;
  });
  if (projected > DYNAMODB_LIMITS.maxProjectedNonKeyAttributes) {
    throw invalidProp(
      scope,
      'globalSecondaryIndexes',
      `the indexes project ${projected} non-key attributes with INCLUDE, more than the ${DYNAMODB_LIMITS.maxProjectedNonKeyAttributes} DynamoDB allows over all of a table's indexes`,
      'Project fewer attributes, or use ProjectionType.ALL on the indexes that need most of them.',
    );
  }
}

function checkTimeToLive(
  scope: IConstruct,
  attribute: string | undefined,
  types: Map<string, { type: dynamodb.AttributeType; prop: string }>,
): void {
  if (attribute === undefined) return;
  checkAttributeName(scope, 'timeToLiveAttribute', attribute);
  const key = types.get(attribute);
  if (key && key.type !== dynamodb.AttributeType.NUMBER) {
    throw invalidProp(
      scope,
      'timeToLiveAttribute',
      `'${attribute}' is the ${key.type === dynamodb.AttributeType.STRING ? 'STRING' : 'BINARY'} key attribute of ${key.prop}, and DynamoDB only expires items whose TTL attribute is a Number of epoch seconds, so no item would ever expire`,
      "Give a Number attribute of its own, such as 'expiresAt'.",
    );
  }
}

function checkRecovery(scope: IConstruct, props: ShopTableProps): void {
  requireLiteral(scope, 'pointInTimeRecovery', props.pointInTimeRecovery, 'true or false');
  checkWholeNumber(
    scope,
    'pointInTimeRecoveryPeriodDays',
    props.pointInTimeRecoveryPeriodDays,
    1,
    DYNAMODB_LIMITS.maxRecoveryPeriodDays,
    'days',
    'DynamoDB keeps 1 to 35 days of continuous backups; the price depends on the table size, not on the days.',
  );
  if (props.pointInTimeRecoveryPeriodDays !== undefined && props.pointInTimeRecovery === false) {
    throw invalidProp(
      scope,
      'pointInTimeRecoveryPeriodDays',
      'is given while pointInTimeRecovery is false, so there is no recovery period',
      'Leave pointInTimeRecoveryPeriodDays out, or turn pointInTimeRecovery on.',
    );
  }
}

function checkRemoval(scope: IConstruct, props: ShopTableProps): void {
  const removal = props.removalPolicy;
  if (removal === RemovalPolicy.SNAPSHOT) {
    throw invalidProp(
      scope,
      'removalPolicy',
      'RemovalPolicy.SNAPSHOT does not apply to a DynamoDB table (CloudFormation snapshots only volumes and databases such as RDS)',
      'Give RemovalPolicy.RETAIN (the default) or RemovalPolicy.DESTROY, and keep point-in-time recovery on for restores.',
    );
  }
  if (props.deletionProtection === true && removal === RemovalPolicy.DESTROY) {
    throw invalidProp(
      scope,
      'deletionProtection',
      'is true while removalPolicy is DESTROY, so CloudFormation would fail to delete the table and the stack',
      'Leave deletionProtection out (it is off with DESTROY), or keep the table with RemovalPolicy.RETAIN.',
    );
  }
}

/** Checks a key attribute and that no other key gives the same attribute another type. */
function checkKey(
  scope: IConstruct,
  prop: string,
  key: dynamodb.Attribute,
  types: Map<string, { type: dynamodb.AttributeType; prop: string }>,
): void {
  checkAttributeName(scope, `${prop}.name`, key?.name);
  if (!(DYNAMODB_LIMITS.keyTypes as readonly string[]).includes(key.type)) {
    throw invalidProp(
      scope,
      `${prop}.type`,
      `'${String(key.type)}' is not a type a key attribute can have (keys are scalars)`,
      'Give AttributeType.STRING, AttributeType.NUMBER or AttributeType.BINARY.',
    );
  }
  const earlier = types.get(key.name);
  if (earlier && earlier.type !== key.type) {
    throw invalidProp(
      scope,
      `${prop}.type`,
      `'${key.name}' is ${key.type} here and ${earlier.type} in ${earlier.prop}, and a table defines each attribute once`,
      'Give the attribute the same type in every key, or use another attribute name.',
    );
  }
  if (!earlier) types.set(key.name, { type: key.type, prop });
}

function checkAttributeName(scope: IConstruct, prop: string, name: string | undefined): void {
  requireLiteral(scope, prop, name, 'an attribute name');
  if (typeof name !== 'string' || name.length === 0) {
    throw invalidProp(scope, prop, 'is empty', "Give the attribute's name, 1 to 255 bytes.");
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > DYNAMODB_LIMITS.maxKeyAttributeNameBytes) {
    throw invalidProp(
      scope,
      prop,
      `'${name.slice(0, 20)}…' is ${bytes} bytes, longer than the 255 DynamoDB allows for key and TTL attribute names`,
      'Give a shorter name; short names also make every item smaller.',
    );
  }
}
