/**
 * DynamoDB tables: provisioned capacity by the hour (with auto scaling), and on-demand
 * (PAY_PER_REQUEST) tables by request unit, storage and point-in-time recovery, from the usage
 * assumptions. Provisioned tables are priced on their capacity only, as before.
 * @see https://aws.amazon.com/dynamodb/pricing/on-demand/
 * @see https://aws.amazon.com/dynamodb/pricing/provisioned/
 */
import { bool, num, props, references, str } from '../cfn';
import { apiRequests } from './api-gateway';
import {
  fmt,
  H,
  LineDraft,
  lines,
  notPriced,
  PriceResult,
  Pricer,
  PricerFamily,
  PricingContext,
  scalableTargetFor,
} from './helpers';

const ON_DEMAND_SHARE = 'dynamodb';

/** Request units per API request when the assumptions do not give them. */
export const READ_UNITS_PER_API_REQUEST = 2;
export const WRITE_UNITS_PER_API_REQUEST = 0.2;

/** A provisioned table: its capacity (and its indexes'), with auto scaling; storage not priced. */
function provisioned(id: string, p: any, ctx: PricingContext): PriceResult {
  const tableClass = str(p.TableClass) ?? 'STANDARD';
  if (tableClass !== 'STANDARD') {
    return notPriced(
      `no list price in the price table for provisioned capacity of the ${tableClass} table class`,
    );
  }
  const rcu = num(p.ProvisionedThroughput?.ReadCapacityUnits);
  const wcu = num(p.ProvisionedThroughput?.WriteCapacityUnits);
  if (rcu === undefined || wcu === undefined) {
    return notPriced('ProvisionedThroughput ReadCapacityUnits / WriteCapacityUnits are not literals');
  }
  const indexes: any[] = Array.isArray(p.GlobalSecondaryIndexes) ? p.GlobalSecondaryIndexes : [];
  let indexRcu = 0;
  let indexWcu = 0;
  for (const index of indexes) {
    const r = num(index?.ProvisionedThroughput?.ReadCapacityUnits);
    const w = num(index?.ProvisionedThroughput?.WriteCapacityUnits);
    if (r === undefined || w === undefined) {
      return notPriced(
        `the ProvisionedThroughput of global secondary index ${str(index?.IndexName) ?? '?'} is not literal`,
      );
    }
    indexRcu += r;
    indexWcu += w;
  }
  const indexScaling = Object.values(ctx.resources).some(
    (r) =>
      r?.Type === 'AWS::ApplicationAutoScaling::ScalableTarget' &&
      (str(props(r).ScalableDimension) ?? '').startsWith('dynamodb:index:') &&
      references(props(r).ResourceId, id),
  );
  const capacity = (
    what: 'read' | 'write',
    units: number,
    onIndexes: number,
    dimension: string,
    priceKey: string,
    unit: string,
  ): LineDraft => {
    const scaling = scalableTargetFor(ctx.resources, id, dimension);
    const min = scaling?.min;
    const max = scaling?.max;
    const short = unit.split('-')[0];
    return {
      description: `provisioned ${what} capacity (${fmt(units + onIndexes)} ${short})`,
      priceKey,
      quantity: (units + onIndexes) * H,
      quantityMin: min === undefined ? undefined : (min + onIndexes) * H,
      quantityMax: max === undefined ? undefined : (max + onIndexes) * H,
      unit,
      assumption: [
        `${fmt(units)} ${short} on the table` +
          (indexes.length > 0 ? ` + ${fmt(onIndexes)} on ${indexes.length} global secondary index(es)` : '') +
          `, ${H} h/month`,
        ...(scaling ? [`table auto scaling ${min ?? '?'}-${max ?? '?'} ${short}`] : []),
        ...(indexScaling ? ['index auto scaling not modelled: indexes at their provisioned capacity'] : []),
        'storage, streams, backups and reserved capacity not priced',
      ].join('; '),
    };
  };
  return lines(
    capacity(
      'read',
      rcu,
      indexRcu,
      'dynamodb:table:ReadCapacityUnits',
      'dynamodb.provisioned.rcuHour',
      'RCU-hours',
    ),
    capacity(
      'write',
      wcu,
      indexWcu,
      'dynamodb:table:WriteCapacityUnits',
      'dynamodb.provisioned.wcuHour',
      'WCU-hours',
    ),
  );
}

/** A month's request units of one kind for the stack, and how they were found. */
function requestUnits(ctx: PricingContext, kind: 'read' | 'write'): { total: number; why: string } {
  const prop = kind === 'read' ? 'tableReadRequestUnitsPerMonth' : 'tableWriteRequestUnitsPerMonth';
  const given = ctx.assumptions[prop];
  if (given !== undefined) return { total: given, why: `${prop} ${fmt(given)}` };
  const perRequest = kind === 'read' ? READ_UNITS_PER_API_REQUEST : WRITE_UNITS_PER_API_REQUEST;
  if (ctx.facts.apiRoutes.functionsByApi.size > 0) {
    const api = apiRequests(ctx);
    return {
      total: api.total * perRequest,
      why: `${prop} not set: ${fmt(perRequest)} per API request × ${fmt(api.total)} (${api.why})`,
    };
  }
  const requests = ctx.assumptions.requestsPerMonth;
  return {
    total: requests * perRequest,
    why: `${prop} not set: ${fmt(perRequest)} per request × requestsPerMonth ${fmt(requests)} (no API in the template)`,
  };
}

/** What prices an on-demand table: from an AWS::DynamoDB::Table, or a global table's one replica. */
interface OnDemandTable {
  readonly tableClass: unknown;
  readonly pitr: unknown;
  readonly indexes: number;
  readonly streams: boolean;
}

/** An on-demand table: its share of the request units and of the storage, and PITR when on. */
function onDemand(table: OnDemandTable, ctx: PricingContext): PriceResult {
  const tableClass = table.tableClass === undefined ? 'STANDARD' : str(table.tableClass);
  if (tableClass !== 'STANDARD') {
    return notPriced(
      tableClass === undefined
        ? 'TableClass is not a literal'
        : `no list price in the price table for on-demand requests and storage of the ${tableClass} table class`,
    );
  }
  const n = ctx.share(ON_DEMAND_SHARE);
  const split = (each: string) =>
    n > 1 ? `; split evenly over ${n} on-demand tables = ${each} per table` : '';
  const reads = requestUnits(ctx, 'read');
  const writes = requestUnits(ctx, 'write');
  const tableWrites = (writes.total / n) * (1 + table.indexes);
  const gb = ctx.assumptions.tableStorageGb / n;
  const pitr = bool(table.pitr);
  const notes = [
    ...(table.streams
      ? ['stream reads by Lambda triggers have no charge; other stream readers not priced']
      : []),
    ...(table.pitr !== undefined && pitr === undefined
      ? ['PointInTimeRecoveryEnabled not a literal: PITR not priced']
      : []),
    'on-demand backups, restores, exports and global table replicas not priced',
  ];
  return lines(
    {
      description: 'on-demand read request units',
      priceKey: 'dynamodb.onDemand.readPerMillion',
      quantity: reads.total / n / 1e6,
      unit: 'million read request units',
      assumption: reads.why + split(fmt(reads.total / n)),
    },
    {
      description: 'on-demand write request units',
      priceKey: 'dynamodb.onDemand.writePerMillion',
      quantity: tableWrites / 1e6,
      unit: 'million write request units',
      assumption:
        writes.why +
        split(fmt(writes.total / n)) +
        (table.indexes > 0
          ? `; × (1 + ${table.indexes} global secondary index(es)), each write taken to update every index = ${fmt(tableWrites)}`
          : ''),
    },
    {
      description: 'table storage',
      priceKey: 'dynamodb.standard.gbMonth',
      quantity: gb,
      unit: 'GB-month',
      assumption: [
        `tableStorageGb ${fmt(ctx.assumptions.tableStorageGb)}${split(`${fmt(gb)} GB`)} (indexes' copies included)`,
        ...notes,
      ].join('; '),
    },
    pitr === true
      ? {
          description: 'point-in-time recovery',
          priceKey: 'dynamodb.pitr.gbMonth',
          quantity: gb,
          unit: 'GB-month',
          assumption: `continuous backups, charged on the table's size: ${fmt(gb)} GB`,
        }
      : undefined,
  );
}

/** The number of global secondary indexes of a table's properties. */
function indexCount(p: any): number {
  return Array.isArray(p.GlobalSecondaryIndexes) ? p.GlobalSecondaryIndexes.length : 0;
}

const table: Pricer = (id, resource, ctx) => {
  const p = props(resource);
  const mode = p.BillingMode === undefined ? 'PROVISIONED' : str(p.BillingMode);
  if (mode === undefined) {
    return notPriced('BillingMode is not a literal');
  }
  if (mode === 'PROVISIONED') {
    return provisioned(id, p, ctx);
  }
  if (mode !== 'PAY_PER_REQUEST') {
    return notPriced(`BillingMode ${mode} is neither PROVISIONED nor PAY_PER_REQUEST`);
  }
  return onDemand(
    {
      tableClass: p.TableClass,
      pitr: p.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled,
      indexes: indexCount(p),
      streams: p.StreamSpecification !== undefined,
    },
    ctx,
  );
};

/** A global table (TableV2): priced as an on-demand table when it has one replica only. */
const globalTable: Pricer = (_id, resource, ctx) => {
  const p = props(resource);
  const replicas: any[] = Array.isArray(p.Replicas) ? p.Replicas : [];
  if (str(p.BillingMode) !== 'PAY_PER_REQUEST') {
    return notPriced(
      p.BillingMode === undefined || str(p.BillingMode) === 'PROVISIONED'
        ? 'a provisioned global table: its write capacity settings are not priced'
        : 'BillingMode is not a literal',
    );
  }
  if (replicas.length !== 1) {
    return notPriced(
      `${replicas.length} replicas: replicated writes and the other regions' storage are not priced`,
    );
  }
  return onDemand(
    {
      tableClass: replicas[0].TableClass,
      pitr: replicas[0].PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled,
      indexes: indexCount(p),
      streams: p.StreamSpecification !== undefined,
    },
    ctx,
  );
};

function isOnDemandShare(resource: any): boolean {
  const p = props(resource);
  if (resource?.Type === 'AWS::DynamoDB::GlobalTable') {
    return str(p.BillingMode) === 'PAY_PER_REQUEST' && Array.isArray(p.Replicas) && p.Replicas.length === 1;
  }
  return str(p.BillingMode) === 'PAY_PER_REQUEST';
}

/** DynamoDB tables: provisioned capacity; on-demand requests, storage and PITR. */
export const DYNAMODB: PricerFamily = {
  pricers: {
    'AWS::DynamoDB::Table': table,
    'AWS::DynamoDB::GlobalTable': globalTable,
  },
  shareRules: {
    'AWS::DynamoDB::Table': (_id, r) => (isOnDemandShare(r) ? ON_DEMAND_SHARE : undefined),
    'AWS::DynamoDB::GlobalTable': (_id, r) => (isOnDemandShare(r) ? ON_DEMAND_SHARE : undefined),
  },
  priceKeys: [
    'dynamodb.provisioned.rcuHour',
    'dynamodb.provisioned.wcuHour',
    'dynamodb.onDemand.readPerMillion',
    'dynamodb.onDemand.writePerMillion',
    'dynamodb.standard.gbMonth',
    'dynamodb.pitr.gbMonth',
  ],
};
