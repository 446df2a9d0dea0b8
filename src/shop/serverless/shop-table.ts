import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeTableFindings } from './table-findings';
import { DYNAMODB_LIMITS } from './table-limits';
import { tableKeysOf, validateTableProps } from './table-validation';
import { withPropContext } from '../../private/errors';

/**
 * Properties of a `ShopTable`.
 */
export interface ShopTableProps {
  /**
   * The partition key. Give it with `sortKey` for a composite primary key, or alone for a table
   * with a partition key only.
   *
   * @default - `pk` of type STRING (and the sort key `sk`, see `sortKey`)
   */
  readonly partitionKey?: dynamodb.Attribute;

  /**
   * The sort key. It can only be given together with `partitionKey`: the default sort key goes
   * with the default partition key.
   *
   * @default - `sk` of type STRING when `partitionKey` is left out; no sort key when `partitionKey` is given
   */
  readonly sortKey?: dynamodb.Attribute;

  /**
   * Global secondary indexes, on demand like the table (no read or write capacity).
   *
   * @default - no global secondary index
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html
   */
  readonly globalSecondaryIndexes?: dynamodb.GlobalSecondaryIndexProps[];

  /**
   * The attribute DynamoDB reads an item's expiry time from (a Number of epoch seconds); items
   * past it are deleted at no charge, usually within a few days.
   *
   * @default - no time to live: items stay until deleted
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html
   */
  readonly timeToLiveAttribute?: string;

  /**
   * Point-in-time recovery: continuous backups you can restore to any second of the recovery
   * period, into a new table. Billed per GB-month of table size.
   *
   * @default true
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery_Howitworks.html
   */
  readonly pointInTimeRecovery?: boolean;

  /**
   * How many days back point-in-time recovery can restore to, 1 to 35.
   *
   * @default 35
   */
  readonly pointInTimeRecoveryPeriodDays?: number;

  /**
   * A customer managed KMS key (from the stack's region) to encrypt the table with, when you must
   * control its key policy, disable it or delete it. It costs $1 a month plus requests, and every
   * reader and writer needs `kms:Decrypt` on it (the table's `grant*` methods add it).
   *
   * @default - the AWS managed key `aws/dynamodb`: in your account, its use logged in CloudTrail,
   * no monthly fee
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.howitworks.html
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Whether DynamoDB refuses to delete the table (by anyone, CloudFormation included) until the
   * protection is turned off.
   *
   * @default - true, unless `removalPolicy` is DESTROY
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
   */
  readonly deletionProtection?: boolean;

  /**
   * What happens to the table when it leaves the stack: RETAIN, RETAIN_ON_UPDATE_OR_DELETE or
   * DESTROY (DynamoDB has no CloudFormation snapshot). The items are the shop's catalog and
   * customers' data, so they are kept by default.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A `ShopTable` as one entry of a shop's list of tables: the table's props and its name.
 */
export interface ShopTableOptions extends ShopTableProps {
  /**
   * The table's name in the shop: lower-case letters, digits and single hyphens, starting with a
   * letter, at most 64 characters (`catalog`, `order-items`). Routes name the table by it, and it
   * names the table's construct and the environment variable its functions read the table name
   * from. The physical table name stays generated, so the table can be replaced.
   */
  readonly name: string;
}

/**
 * A DynamoDB table for a shop: on demand (pay per request), point-in-time recovery, deletion
 * protection, retained when removed from the stack, and encrypted with a KMS key in your account.
 *
 * Keys are `pk`/`sk` strings unless you give your own (a single-table design fits them).
 * Contributor Insights stays off: it is billed per event and you can turn it on from the console
 * while you investigate a hot key.
 *
 * @exampleMetadata fixture=serverless
 * @example
 * const catalog = new ShopTable(this, 'Catalog', {
 *   globalSecondaryIndexes: [
 *     {
 *       indexName: 'by-category',
 *       partitionKey: { name: 'category', type: dynamodb.AttributeType.STRING },
 *       sortKey: { name: 'price', type: dynamodb.AttributeType.NUMBER },
 *     },
 *   ],
 *   timeToLiveAttribute: 'expiresAt',
 * });
 */
export class ShopTable extends Construct {
  /** The table. */
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: ShopTableProps = {}) {
    super(scope, id);
    validateTableProps(this, props);
    const { partitionKey, sortKey } = tableKeysOf(props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const pitr = props.pointInTimeRecovery ?? true;
    const encryption = props.encryptionKey
      ? { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: props.encryptionKey }
      : { encryption: dynamodb.TableEncryption.AWS_MANAGED };

    this.table = new dynamodb.Table(this, 'Resource', {
      partitionKey,
      sortKey,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: pitr
        ? {
            pointInTimeRecoveryEnabled: true,
            recoveryPeriodInDays:
              props.pointInTimeRecoveryPeriodDays ?? DYNAMODB_LIMITS.maxRecoveryPeriodDays,
          }
        : { pointInTimeRecoveryEnabled: false },
      ...encryption,
      deletionProtection: props.deletionProtection ?? removalPolicy !== RemovalPolicy.DESTROY,
      timeToLiveAttribute: props.timeToLiveAttribute,
      contributorInsightsSpecification: { enabled: false },
      removalPolicy,
    });
    (props.globalSecondaryIndexes ?? []).forEach((index, i) =>
      withPropContext(
        this,
        `globalSecondaryIndexes[${i}]`,
        'Give the index a partitionKey (or partitionKeys) and at most one of sortKey and sortKeys.',
        () => this.table.addGlobalSecondaryIndex(index),
      ),
    );
    acknowledgeTableFindings(this, { pointInTimeRecovery: pitr });
  }
}
