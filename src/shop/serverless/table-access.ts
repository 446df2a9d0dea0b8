/** DynamoDB's data-plane actions on a table or index (the source of truth for `TableAccess.of`). */
const TABLE_ACTIONS: readonly string[] = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:DescribeTable',
  'dynamodb:DescribeTimeToLive',
  'dynamodb:GetItem',
  'dynamodb:PartiQLDelete',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLSelect',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
];

/**
 * The DynamoDB actions a route's function may call on a table.
 *
 * A function is granted exactly these actions, on the table it names and on that table's
 * indexes, and nothing else: no `dynamodb:*`, no other table. Use a preset (`READ`, `WRITE`,
 * `READ_WRITE`) or name the actions: `TableAccess.of('dynamodb:GetItem', 'dynamodb:Query')`.
 */
export class TableAccess {
  /**
   * Read items: GetItem, BatchGetItem, Query, Scan, ConditionCheckItem, and DescribeTable
   * (which the AWS SDKs' document clients and table waiters call).
   */
  public static readonly READ = new TableAccess([
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:Scan',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
  ]);

  /** Write items: PutItem, UpdateItem, DeleteItem, BatchWriteItem, and DescribeTable. */
  public static readonly WRITE = new TableAccess([
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:BatchWriteItem',
    'dynamodb:DescribeTable',
  ]);

  /** Both `READ` and `WRITE`. */
  public static readonly READ_WRITE = new TableAccess([
    ...TableAccess.READ.actions,
    ...TableAccess.WRITE.actions,
  ]);

  /**
   * The actions `TableAccess.of` accepts: DynamoDB's item, query and PartiQL actions and the
   * table descriptions a data-plane client reads. Control-plane actions (CreateTable,
   * DeleteTable, UpdateTable, backups, streams) are not a route's business.
   *
   * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
   */
  public static readonly ALLOWED_ACTIONS: string[] = [...TABLE_ACTIONS];

  /**
   * Exactly these actions, e.g. `TableAccess.of('dynamodb:GetItem', 'dynamodb:Query')`.
   *
   * Each must be one of the DynamoDB actions that apply to a table or an index
   * (`TableAccess.ALLOWED_ACTIONS`), spelt as IAM spells it; wildcards are refused.
   *
   * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
   */
  public static of(...actions: string[]): TableAccess {
    if (actions.length === 0) {
      throw new Error(
        "TableAccess.of: no action given. Name at least one, e.g. TableAccess.of('dynamodb:GetItem'), or use TableAccess.READ.",
      );
    }
    for (const action of actions) {
      if (!TABLE_ACTIONS.includes(action)) {
        throw new Error(
          `TableAccess.of: '${action}' is not a DynamoDB action on a table or index` +
            `${action.includes('*') ? ' (wildcards are refused)' : ''}. ` +
            `Use some of: ${TABLE_ACTIONS.join(', ')}.`,
        );
      }
    }
    return new TableAccess(actions);
  }

  /** The IAM actions, without duplicates, in the order first given. */
  public readonly actions: string[];

  protected constructor(actions: string[]) {
    this.actions = [...new Set(actions)];
  }
}

/** One table a route's function may use, and how. */
export interface ShopTableGrant {
  /** The table's name in `ShopApiProps.tables` (e.g. `catalog`), not its physical name. */
  readonly table: string;

  /** The actions the function may call on the table and its indexes. */
  readonly access: TableAccess;
}
