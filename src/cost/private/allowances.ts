/**
 * AWS's always-free monthly allowances (not the 12-month free tier): every account gets them and
 * they do not expire, so they are what the bill shows. The estimator deducts them as their own
 * negative lines, right after the line whose usage they cover, so a report explains its figure.
 *
 * The allowances are the account's: one pool is shared by every line of an estimate, and by every
 * stack of an assembly when `CostReport` estimates them (stacks in order, lines in template order).
 */
import { CostLine } from '../cost-estimate';
import { PRICES } from '../price-table.generated';
import { formatEnUs } from './number-format';

const HOURS_PER_MONTH = 730;

/** One allowance: the price-table entry that holds its amount, and the lines it covers. */
export interface AllowanceRule {
  /** The `*.freeTier.*` key of the price table whose `usd` field holds the monthly amount. */
  readonly key: string;
  /** What the allowance is, as its lines read: `internet data transfer out`. */
  readonly what: string;
  /** The unit of the amount, as its lines read: `GB`. */
  readonly unit: string;
  /**
   * The price keys of the lines it covers, each with how many of the line's units one unit of
   * the allowance is (1 GB = 1 GB; 1 request = 1e-6 million requests; 1 WCU = 730 WCU-hours).
   */
  readonly covers: { readonly [priceKey: string]: number };
}

/**
 * Every allowance the estimator deducts, only where a pricer prices that usage: one a row of
 * key, what, unit and covers (see `AllowanceRule`), kept on one line each so the rows read as a table.
 */
// prettier-ignore
const ALLOWANCE_TABLE: ReadonlyArray<readonly [string, string, string, { readonly [priceKey: string]: number }]> = [
  ['dataTransfer.freeTier.internetOutGb', 'internet data transfer out', 'GB', { 'dataTransfer.internetOut.first10TB.perGb': 1 }],
  ['cloudfront.freeTier.dataOutGb', 'CloudFront data transfer out', 'GB', { 'cloudfront.na.first10TB.perGb': 1 }],
  ['cloudfront.freeTier.requests', 'CloudFront requests', 'requests', { 'cloudfront.na.httpsPer10k': 1e-4 }],
  ['cloudfront.freeTier.functionInvocations', 'CloudFront Functions invocations', 'invocations', { 'cloudfront.functions.perMillion': 1e-6 }],
  ['cloudwatch.freeTier.metrics', 'CloudWatch custom metrics', 'metrics', { 'cloudwatch.metric.month': 1 }],
  ['cloudwatch.freeTier.alarmMetrics', 'CloudWatch standard-resolution alarm metrics', 'alarm-metrics', { 'cloudwatch.alarm.standard.month': 1 }],
  ['cloudwatch.freeTier.logsIngestGb', 'CloudWatch log data ingested', 'GB', { 'cloudwatch.logs.ingestPerGb': 1 }],
  ['cloudwatch.freeTier.logsStorageGbMonth', 'CloudWatch log storage', 'GB-month', { 'cloudwatch.logs.storageGbMonth': 1 }],
  ['cloudwatch.freeTier.dashboards', 'CloudWatch dashboards', 'dashboards', { 'cloudwatch.dashboard.month': 1 }],
  ['cloudwatch.freeTier.canaryRuns', 'Synthetics canary runs', 'runs', { 'cloudwatch.synthetics.perCanaryRun': 1 }],
  ['sns.freeTier.publishes', 'SNS publish requests', 'requests', { 'sns.publish.perMillion': 1e-6 }],
  ['sns.freeTier.emailDeliveries', 'SNS email notifications', 'notifications', { 'sns.email.per100k': 1e-5 }],
  ['sns.freeTier.httpDeliveries', 'SNS HTTP/S notifications', 'notifications', { 'sns.http.perMillion': 1e-6 }],
  ['sqs.freeTier.requests', 'SQS requests', 'requests', { 'sqs.standard.perMillion': 1e-6 }],
  ['xray.freeTier.tracesRecorded', 'X-Ray traces recorded', 'traces', { 'xray.tracesRecorded.perMillion': 1e-6 }],
  ['lambda.freeTier.requests', 'Lambda requests', 'requests', { 'lambda.requests.perMillion': 1e-6 }],
  ['lambda.freeTier.gbSeconds', 'Lambda compute', 'GB-seconds', { 'lambda.x86.gbSecond': 1, 'lambda.arm.gbSecond': 1 }],
  ['stepfunctions.freeTier.transitions', 'Step Functions state transitions', 'transitions', { 'stepfunctions.standard.perThousandTransitions': 1e-3 }],
  ['dynamodb.freeTier.provisionedWcu', 'DynamoDB provisioned write capacity', 'WCU', { 'dynamodb.provisioned.wcuHour': HOURS_PER_MONTH }],
  ['dynamodb.freeTier.provisionedRcu', 'DynamoDB provisioned read capacity', 'RCU', { 'dynamodb.provisioned.rcuHour': HOURS_PER_MONTH }],
  ['dynamodb.freeTier.storageGb', 'DynamoDB data storage', 'GB-month', { 'dynamodb.standard.gbMonth': 1 }],
  ['cognito.freeTier.mau', 'Cognito monthly active users (Lite and Essentials)', 'MAU', { 'cognito.lite.perMau': 1, 'cognito.essentials.perMau': 1 }],
];

/** Every allowance the estimator deducts, as rules. */
export const ALLOWANCE_RULES: readonly AllowanceRule[] = ALLOWANCE_TABLE.map(([key, what, unit, covers]) => ({
  key,
  what,
  unit,
  covers,
}));

const RULE_BY_PRICE_KEY = new Map<string, AllowanceRule>(
  ALLOWANCE_RULES.flatMap((rule) => Object.keys(rule.covers).map((k) => [k, rule] as const)),
);

/** The monthly amount of an allowance, from the price table (0 when the table has none). */
export function allowanceAmount(rule: AllowanceRule): number {
  return PRICES[rule.key]?.usd ?? 0;
}

/** What a line's deduction covers: in the line's units, at the expected, minimum and maximum quantity. */
export interface AllowanceDeduction {
  readonly rule: AllowanceRule;
  /** The amount of the allowance (in its own unit) this line used. */
  readonly used: number;
  /** What was left of it before this line. */
  readonly before: number;
  /** The line units covered: never more than the line's quantity, so the net never goes below zero. */
  readonly quantity: number;
  readonly quantityMin: number;
  readonly quantityMax: number;
}

/**
 * What is left of each allowance: one pool per account, so one per estimate, or one per assembly
 * when the stacks are estimated together.
 */
export class AllowancePool {
  private readonly remaining = new Map<string, number>();

  constructor() {
    for (const rule of ALLOWANCE_RULES) {
      this.remaining.set(rule.key, allowanceAmount(rule));
    }
  }

  /**
   * Takes what a line of `priceKey` can use of its allowance, or undefined when no allowance covers
   * the key or it is used up. The line's expected quantity draws the pool down; the minimum and
   * maximum are covered from what was left before it.
   */
  public take(
    priceKey: string,
    quantity: number,
    quantityMin: number,
    quantityMax: number,
  ): AllowanceDeduction | undefined {
    const rule = RULE_BY_PRICE_KEY.get(priceKey);
    if (!rule) return undefined;
    const before = this.remaining.get(rule.key) ?? 0;
    const perUnit = rule.covers[priceKey];
    const available = before * perUnit; // in the line's units
    const covered = (q: number) => Math.max(0, Math.min(q, available));
    if (covered(quantity) <= 0 && covered(quantityMin) <= 0 && covered(quantityMax) <= 0) return undefined;
    const used = covered(quantity) / perUnit;
    this.remaining.set(rule.key, Math.max(0, before - used));
    return {
      rule,
      used,
      before,
      quantity: covered(quantity),
      quantityMin: covered(quantityMin),
      quantityMax: covered(quantityMax),
    };
  }
}

const round4 = (n: number) => Math.round(n * 1e4) / 1e4;

/** An allowance amount as its lines read it: thousands separators, at most 4 decimals. */
function fmtAmount(n: number): string {
  return formatEnUs(round4(n), 4);
}

/**
 * The negative line of a deduction, right after the line it covers, on the same resource, at the
 * covered line's unit price before `CostLine.unitPriceUsd` rounds it.
 */
export function deductionLine(
  covered: CostLine,
  unitPriceUsd: number,
  deduction: AllowanceDeduction,
): CostLine {
  const { rule } = deduction;
  // never more than the covered line's own amount
  const amount = (q: number, cap: number) => -Math.min(round4(q * unitPriceUsd), cap);
  return {
    path: covered.path,
    logicalId: covered.logicalId,
    type: covered.type,
    description: `always-free allowance: ${rule.what}`,
    quantity: -round4(deduction.quantity),
    unit: covered.unit,
    unitPriceUsd: covered.unitPriceUsd,
    monthlyUsd: amount(deduction.quantity, covered.monthlyUsd),
    monthlyMinUsd: amount(deduction.quantityMin, covered.monthlyMinUsd),
    monthlyMaxUsd: amount(deduction.quantityMax, covered.monthlyMaxUsd),
    assumption:
      `${fmtAmount(deduction.used)} of the ${fmtAmount(deduction.before)} ${rule.unit} a month left of the ` +
      `account's ${fmtAmount(allowanceAmount(rule))} ${rule.unit} (${rule.key}); never more than the line above`,
    priceKey: `${covered.priceKey} (allowance ${rule.key})`,
  };
}
