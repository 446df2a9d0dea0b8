import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';

/**
 * DynamoDB's naming rules and limits that a `ShopTable` checks at synth time, so a table that
 * CloudFormation would refuse fails before deployment.
 */
export const DYNAMODB_LIMITS = {
  /**
   * Attribute names of keys and projected attributes: 1 to 255 characters (UTF-8 bytes).
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
   */
  maxKeyAttributeNameBytes: 255,
  /**
   * Index names: 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'.
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
   */
  indexName: /^[a-zA-Z0-9_.-]{3,255}$/,
  /**
   * Global secondary indexes per table (the default quota, adjustable in Service Quotas).
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
   */
  maxGlobalSecondaryIndexes: 20,
  /**
   * Attributes projected into all of a table's secondary indexes with INCLUDE.
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html
   */
  maxProjectedNonKeyAttributes: 100,
  /**
   * Point-in-time recovery period: 1 to 35 days.
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery_Howitworks.html
   */
  maxRecoveryPeriodDays: 35,
  /**
   * Key attributes are scalar: String, Number or Binary.
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.CoreComponents.html#HowItWorks.CoreComponents.PrimaryKey
   */
  keyTypes: [dynamodb.AttributeType.STRING, dynamodb.AttributeType.NUMBER, dynamodb.AttributeType.BINARY],
} as const;

/**
 * A `ShopTableOptions.name`: lower-case letters, digits and single hyphens, starting with a
 * letter, at most 64 characters. It names the table's construct and, upper-cased with '_' for
 * '-', the environment variable a function reads the table name from.
 */
export const SHOP_TABLE_NAME = /^[a-z](?:-?[a-z0-9])*$/;
export const SHOP_TABLE_NAME_MAX = 64;
