import { Construct } from 'constructs';
import { ShopTable, ShopTableOptions } from './shop-table';
import { SHOP_TABLE_NAME, SHOP_TABLE_NAME_MAX } from './table-limits';
import { invalidProp, requireLiteral } from '../../private/errors';

/**
 * The construct id of the `ShopTable` named `name`: its words in PascalCase, then `Table`
 * (`catalog` → `CatalogTable`, `order-items` → `OrderItemsTable`). Part of the contract: a
 * changed id replaces the table.
 */
export function shopTableConstructId(name: string): string {
  return `${name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}Table`;
}

/**
 * Defines one `ShopTable` per entry of a shop's `tables` prop under `scope`, after checking the
 * names (format, unique), and returns them by name.
 *
 * @param prop the prop the entries came from, for error messages (`tables`)
 */
export function createShopTables(
  scope: Construct,
  options: ShopTableOptions[],
  prop: string = 'tables',
): Record<string, ShopTable> {
  const tables: Record<string, ShopTable> = {};
  options.forEach((option, i) => {
    const name = option?.name;
    checkShopTableName(scope, `${prop}[${i}].name`, name);
    if (tables[name] !== undefined) {
      throw invalidProp(
        scope,
        `${prop}[${i}].name`,
        `'${name}' names another table of the shop too`,
        'Give each table its own name; routes grant access to a table by it.',
      );
    }
    const { name: _name, ...props } = option;
    tables[name] = new ShopTable(scope, shopTableConstructId(name), props);
  });
  return tables;
}

/** Rejects a table name that cannot name a construct and an environment variable plainly. */
export function checkShopTableName(scope: Construct, prop: string, name: string | undefined): void {
  requireLiteral(scope, prop, name, "a table name such as 'catalog'");
  if (typeof name !== 'string' || name.length > SHOP_TABLE_NAME_MAX || !SHOP_TABLE_NAME.test(name)) {
    throw invalidProp(
      scope,
      prop,
      `${name === undefined ? 'is missing' : `'${name}' is not a table name`}: lower-case letters, digits and single hyphens, starting with a letter, at most ${SHOP_TABLE_NAME_MAX} characters`,
      "Give a name such as 'catalog' or 'order-items'; it names the construct and the environment variable.",
    );
  }
}
