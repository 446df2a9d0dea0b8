import * as cxapi from 'aws-cdk-lib/cx-api';
import { CostEstimate } from '../cost-estimate';

/** US dollars as the summaries print them: `$21.46`. */
export function usd(n: number): string {
  return `$${n.toFixed(2)}`;
}

/**
 * A plain-text summary of estimates, as the main job and the `cdk-shop-cost` command print it:
 * a table of totals, then per stack the totals at minimum and maximum capacity when they differ,
 * the largest lines and what is not priced.
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
  for (const estimate of estimates) {
    out.push('');
    out.push(`${estimate.stackName}: ${usd(estimate.totalMonthlyUsd)} a month`);
    if (estimate.totalAtMinimumUsd !== estimate.totalAtMaximumUsd) {
      out.push(
        `  with traffic: ${usd(estimate.totalAtMinimumUsd)} at minimum, ${usd(estimate.totalMonthlyUsd)} at desired, ` +
          `${usd(estimate.totalAtMaximumUsd)} at maximum capacity`,
      );
    }
    const largest = [...estimate.lines].sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, top);
    for (const line of largest) {
      out.push(`  ${usd(line.monthlyUsd).padStart(9)}  ${line.description} (${line.path})`);
    }
    if (estimate.notPriced.length > 0) {
      const ids = [...new Set(estimate.notPriced.map((r) => `${r.logicalId} (${r.type})`))];
      out.push(`  not fully priced: ${ids.join(', ')}`);
    }
    for (const warning of estimate.warnings) {
      out.push(`  warning: ${warning}`);
    }
  }
  return out;
}
