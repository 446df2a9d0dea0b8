import * as cxapi from 'aws-cdk-lib/cx-api';
import { CostEstimate, CostLine } from '../cost-estimate';

/**
 * Whole cents of a USD amount, rounded half up (37.815 gives 3782). The estimator rounds amounts
 * to 0.0001 USD, whose binary form can sit just below the half (37.815 is 37.81499...): reading
 * the amount in cents to 12 significant digits first puts it back on the half.
 */
function cents(n: number): number {
  return Math.round(Number((Math.abs(n) * 100).toPrecision(12))) * (n < 0 ? -1 : 1);
}

/** US dollars as every summary prints them: `$1,972.68`, cents rounded half up. */
export function usd(n: number): string {
  const c = cents(n);
  const whole = Math.floor(Math.abs(c) / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = String(Math.abs(c) % 100).padStart(2, '0');
  return `${c < 0 ? '-' : ''}$${whole}.${fraction}`;
}

/** What scales in each resource type whose lines have a minimum and a maximum. */
const SCALING: { [type: string]: string } = {
  'AWS::AutoScaling::AutoScalingGroup': 'instance count',
  'AWS::ECS::Service': 'task count',
  'AWS::DynamoDB::Table': 'capacity auto scaling',
};

/** What makes a line's minimum and maximum differ: storage that grows, or a count that scales. */
function variation(line: CostLine): string {
  const what =
    line.type === 'AWS::RDS::DBInstance' && /GB/.test(line.unit)
      ? 'storage autoscaling'
      : (SCALING[line.type] ?? 'scaling range');
  return `${line.logicalId} ${what} (${line.description}: ${usd(line.monthlyMinUsd)} to ${usd(line.monthlyMaxUsd)})`;
}

/** The lines whose cost differs between minimum and maximum capacity, as `variation` names them. */
export function variations(estimate: CostEstimate): string[] {
  return estimate.lines.filter((l) => usd(l.monthlyMinUsd) !== usd(l.monthlyMaxUsd)).map(variation);
}

/** Each resource not fully priced, once, with its reason(s): `AlarmTopic (AWS::SNS::Topic): ...`. */
export function notPricedEntries(estimate: CostEstimate): string[] {
  const reasons = new Map<string, string[]>();
  for (const r of estimate.notPriced) {
    const key = `${r.logicalId} (${r.type})`;
    const list = reasons.get(key) ?? [];
    if (!list.includes(r.reason)) list.push(r.reason);
    reasons.set(key, list);
  }
  return [...reasons.entries()].map(([key, list]) => `${key}: ${list.join('; ')}`);
}

/** How the one-line summary of an estimate begins. */
export const SUMMARY_PREFIX = 'Estimated monthly cost:';

/**
 * The summary of an estimate: the total, the range and what varies in it, then each resource not
 * fully priced with its reason, one entry an item (empty when everything is priced).
 */
function summaryParts(estimate: CostEstimate): { head: string; entries: string[] } {
  const varying = variations(estimate);
  const range =
    varying.length > 0
      ? ` (${usd(estimate.totalAtMinimumUsd)} at minimum, ${usd(estimate.totalAtMaximumUsd)} at maximum; varies: ${varying.join(', ')})`
      : '';
  const entries = notPricedEntries(estimate);
  const notPriced =
    entries.length > 0
      ? `; ${entries.length} ${entries.length === 1 ? 'resource' : 'resources'} not fully priced:`
      : '';
  return {
    head:
      `${SUMMARY_PREFIX} ${usd(estimate.totalMonthlyUsd)}${range} at us-east-1 list prices` +
      `${estimate.assumptions.alwaysFreeAllowances ? ' less the always-free allowances' : ''}${notPriced}`,
    entries,
  };
}

/** The summary of an estimate on one line, as annotated on its stack. */
export function oneLineSummary(estimate: CostEstimate): string {
  const { head, entries } = summaryParts(estimate);
  return entries.length > 0 ? `${head} ${entries.join(' | ')}` : head;
}

/** The summary of an estimate as lines, as printed to stderr: not-priced entries indented below. */
export function summaryBlock(estimate: CostEstimate): string[] {
  const { head, entries } = summaryParts(estimate);
  return [head, ...entries.map((e) => `  ${e}`)];
}

/**
 * A plain-text summary of estimates, as the main job and the `cdk-shop-cost` command print it:
 * a table of totals, then per stack the totals at minimum and maximum capacity when they differ
 * with what varies, the largest lines, and what is not priced and why.
 */
export function summaryLines(assembly: cxapi.CloudAssembly, estimates: CostEstimate[], top = 5): string[] {
  const templates = new Map(assembly.stacksRecursively.map((s) => [s.stackName, s.template]));
  const out: string[] = [];
  const width = Math.max(30, ...estimates.map((e) => e.stackName.length + 2));
  out.push('stack'.padEnd(width) + 'resources'.padStart(10) + 'monthly'.padStart(12));
  estimates.forEach((estimate) => {
    const resources = Object.keys(templates.get(estimate.stackName)?.Resources ?? {}).length;
    out.push(
      estimate.stackName.padEnd(width) +
        String(resources).padStart(10) +
        usd(estimate.totalMonthlyUsd).padStart(12),
    );
  });
  for (const note of new Set(estimates.flatMap((e) => e.notes ?? []))) {
    out.push(`note: ${note}`);
  }
  for (const estimate of estimates) {
    out.push('');
    out.push(`${estimate.stackName}: ${usd(estimate.totalMonthlyUsd)} a month`);
    const varying = variations(estimate);
    if (varying.length > 0) {
      out.push(
        `  ${usd(estimate.totalAtMinimumUsd)} at minimum, ${usd(estimate.totalMonthlyUsd)} as estimated, ` +
          `${usd(estimate.totalAtMaximumUsd)} at maximum; what varies:`,
      );
      for (const v of varying) out.push(`    ${v}`);
    }
    const largest = [...estimate.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, top);
    for (const line of largest) {
      out.push(`  ${usd(line.monthlyUsd).padStart(9)}  ${line.description} (${line.path})`);
    }
    const entries = notPricedEntries(estimate);
    if (entries.length > 0) {
      out.push(`  not fully priced (${entries.length}):`);
      for (const entry of entries) out.push(`    ${entry}`);
    }
    for (const warning of estimate.warnings) {
      out.push(`  warning: ${warning}`);
    }
  }
  return out;
}
