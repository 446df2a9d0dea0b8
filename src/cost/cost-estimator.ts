import * as fs from 'fs';
import * as nodePath from 'path';
import { Stack, Stage, Token } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import {
  CostAssumptions,
  CostEstimate,
  CostEstimatorProps,
  CostLine,
  NotPricedResource,
  PriceOverride,
} from './cost-estimate';
import { PRICE_TABLE_DATE, PRICE_TABLE_VERSION, PRICES } from './price-table.generated';
import { AllowancePool, deductionLine } from './private/allowances';
import { props as propsOf, Resources, tokenPaths } from './private/cfn';
import {
  FREE_TYPES,
  HOURS_PER_MONTH,
  isLookedUp,
  KEY_FORMS,
  PRICE_KEYS,
  PRICERS,
  PricingContext,
  shareGroup,
  templateFacts,
  USAGE_ONLY_TYPES,
} from './private/pricers/registry';

/** Requests per monthly active user of a Cognito user pool, when `monthlyActiveUsers` is not given. */
const MAU_PER_REQUESTS = 1000;

/** The region the price table's list prices are for. */
const PRICED_REGION = 'us-east-1';

function invalidCostProp(prop: string, problem: string, fix: string): Error {
  return new Error(`CostEstimator: invalid '${prop}': ${problem}. ${fix}`);
}

function round4(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}

function amount(
  prop: string,
  value: number | undefined,
  fallback: number,
  positive = false,
  defaultText = String(fallback),
): number {
  if (value === undefined) {
    return fallback;
  }
  if (Token.isUnresolved(value)) {
    throw invalidCostProp(
      prop,
      'is a token (a parameter or a deploy-time value)',
      `Give a literal: a number ${positive ? 'above 0' : '>= 0'}, or omit it for the default ${defaultText}`,
    );
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (positive && value === 0)) {
    throw invalidCostProp(
      prop,
      `${String(value)} is not a finite ${positive ? 'positive' : 'non-negative'} number`,
      `Pass a literal number ${positive ? 'above 0' : '>= 0'}, or omit it for the default ${defaultText}`,
    );
  }
  return value;
}

/** An assumption whose default depends on the template: undefined when not given. */
function optionalAmount(prop: string, value: number | undefined, defaultText: string): number | undefined {
  return value === undefined ? undefined : amount(prop, value, 0, false, defaultText);
}

function flag(prop: string, value: boolean | undefined, fallback: boolean): boolean {
  if (value === undefined) {
    return fallback;
  }
  if (Token.isUnresolved(value)) {
    throw invalidCostProp(
      prop,
      'is a token (a parameter or a deploy-time value)',
      `Give a literal: true or false, or omit it for the default ${fallback}`,
    );
  }
  if (typeof value !== 'boolean') {
    throw invalidCostProp(
      prop,
      `${JSON.stringify(value)} is not a boolean`,
      `Pass true or false, or omit it for the default ${fallback}`,
    );
  }
  return value;
}

/** The note of an estimate that deducted the allowances on its own. */
export const ALLOWANCES_NOTE =
  "always-free monthly allowances deducted (the lines 'always-free allowance: ...'): they are the account's, " +
  'so set alwaysFreeAllowances false when other workloads in the account use them up';

/**
 * Estimates the monthly cost of a synthesized CloudFormation template from the dated us-east-1
 * list prices of the generated price table (`scripts/build-prices.js`).
 *
 * It walks `Resources`, prices what it can from literal property values, and lists the rest in
 * `notPriced` (a charge the estimate does not include) or `free` (no charge of its own).
 *
 * @example
 * declare const template: any; // a synthesized CloudFormation template, parsed
 * const estimate = new CostEstimator({ requestsPerMonth: 5_000_000 }).estimateTemplate(template, 'Shop');
 * const total = estimate.totalMonthlyUsd; // and estimate.lines, estimate.notPriced, ...
 */
export class CostEstimator {
  /** Content hash of the price file the built-in table was generated from. */
  public static readonly PRICE_TABLE_VERSION: string = PRICE_TABLE_VERSION;

  /** When the built-in price file was gathered. */
  public static readonly PRICE_TABLE_DATE: string = PRICE_TABLE_DATE;

  /** The assumptions every estimate of this estimator uses. */
  public readonly assumptions: CostAssumptions;

  private readonly overrides: { [key: string]: PriceOverride };

  constructor(props: CostEstimatorProps = {}) {
    const overrides = props.priceOverrides ?? {};
    if (typeof overrides !== 'object' || Array.isArray(overrides)) {
      throw invalidCostProp('priceOverrides', 'is not a map of key to { usd, unit }', 'Pass an object');
    }
    for (const [key, override] of Object.entries(overrides)) {
      if (!isLookedUp(key)) {
        throw invalidCostProp(
          `priceOverrides.${key}`,
          `'${key}' is not a price key the estimator looks up, so it would change nothing`,
          `Use one of: ${PRICE_KEYS.join(', ')}; or a key of the form ${KEY_FORMS.map((f) => f.form).join(', ')}`,
        );
      }
      if (override && Token.isUnresolved(override.unit)) {
        throw invalidCostProp(
          `priceOverrides.${key}.unit`,
          'is a token (a parameter or a deploy-time value)',
          `Give a literal: what the price is per, e.g. 'USD/hour'`,
        );
      }
      if (!override || typeof override.unit !== 'string' || override.unit.trim() === '') {
        throw invalidCostProp(
          `priceOverrides.${key}.unit`,
          'is missing',
          `Say what the price is per, e.g. { usd: 0.02, unit: 'USD/hour' }`,
        );
      }
      amount(`priceOverrides.${key}.usd`, override.usd ?? NaN, 0);
    }
    this.overrides = { ...overrides };
    const requests = amount('requestsPerMonth', props.requestsPerMonth, 1_000_000);
    this.assumptions = {
      requestsPerMonth: requests,
      dataTransferOutGb: amount('dataTransferOutGb', props.dataTransferOutGb, 10),
      natDataProcessedGb: amount('natDataProcessedGb', props.natDataProcessedGb, 5),
      storedGb: amount('storedGb', props.storedGb, 1),
      queueRequestsPerMonth: amount('queueRequestsPerMonth', props.queueRequestsPerMonth, 1_000_000),
      notificationsPerMonth: amount('notificationsPerMonth', props.notificationsPerMonth, 1000),
      functionInvocationsPerMonth: amount(
        'functionInvocationsPerMonth',
        props.functionInvocationsPerMonth,
        1_000_000,
      ),
      functionDurationMs: amount('functionDurationMs', props.functionDurationMs, 100),
      stateTransitionsPerMonth: amount('stateTransitionsPerMonth', props.stateTransitionsPerMonth, 1000),
      apiRequestsPerMonth: optionalAmount(
        'apiRequestsPerMonth',
        props.apiRequestsPerMonth,
        '(requestsPerMonth ÷ 4 with a CloudFront distribution, else requestsPerMonth)',
      ),
      tableReadRequestUnitsPerMonth: optionalAmount(
        'tableReadRequestUnitsPerMonth',
        props.tableReadRequestUnitsPerMonth,
        '(2 per API request)',
      ),
      tableWriteRequestUnitsPerMonth: optionalAmount(
        'tableWriteRequestUnitsPerMonth',
        props.tableWriteRequestUnitsPerMonth,
        '(0.2 per API request)',
      ),
      tableStorageGb: amount('tableStorageGb', props.tableStorageGb, 1),
      tracesPerMonth:
        props.tracesPerMonth === undefined
          ? undefined
          : amount(
              'tracesPerMonth',
              props.tracesPerMonth,
              0,
              false,
              "(requestsPerMonth × each traced task definition's sampling ratio)",
            ),
      logIngestGb: amount('logIngestGb', props.logIngestGb, 1),
      monthlyActiveUsers: amount(
        'monthlyActiveUsers',
        props.monthlyActiveUsers,
        requests / MAU_PER_REQUESTS,
        false,
        `(requestsPerMonth ÷ ${MAU_PER_REQUESTS})`,
      ),
      snapshotGb: amount('snapshotGb', props.snapshotGb, 5),
      alwaysFreeAllowances: flag('alwaysFreeAllowances', props.alwaysFreeAllowances, true),
      regionFactor: amount('regionFactor', props.regionFactor, 1, true),
      hoursPerMonth: HOURS_PER_MONTH,
      overriddenPriceKeys: Object.keys(overrides).sort(),
      priceTableVersion: PRICE_TABLE_VERSION,
      priceTableDate: PRICE_TABLE_DATE,
    };
  }

  /**
   * Estimates a stack of the construct tree: synthesizes its app or stage (or reuses the cloud
   * assembly already synthesized) and estimates the template written for it. Nested stacks are
   * estimated on their own template. Call it once the construct tree is complete: an app cannot
   * be changed after it is synthesized.
   *
   * @param stack the stack to estimate
   */
  public estimateStack(stack: Stack): CostEstimate {
    // a stack always has a stage: aws-cdk-lib creates an App for a stack made without one
    const assembly = Stage.of(stack)!.synth();
    let top: Stack = stack;
    while (top.nestedStackParent) {
      top = top.nestedStackParent;
    }
    const artifact = assembly.getStackArtifact(top.artifactId);
    const template =
      top === stack
        ? artifact.template
        : JSON.parse(
            fs.readFileSync(nodePath.join(artifact.assembly.directory, stack.templateFile), 'utf-8'),
          );
    // an environment-agnostic stack's region is a token: estimateTemplate warns about it
    return this.estimateTemplate(template, top === stack ? stack.stackName : stack.node.path, stack.region);
  }

  /**
   * Estimates one synthesized template (e.g. `Template.fromStack(stack).toJSON()`).
   *
   * @param template the CloudFormation template as JSON
   * @param stackName the name to report the estimate under
   * @param region the stack's region; any other than us-east-1, or one not known at synth (a token,
   * or `unknown-region` in the cloud assembly of an environment-agnostic stack), adds a warning
   */
  public estimateTemplate(template: any, stackName: string, region?: string): CostEstimate {
    const pool = this.assumptions.alwaysFreeAllowances ? new AllowancePool() : undefined;
    return this._estimateTemplate(template, stackName, region, pool, pool ? [ALLOWANCES_NOTE] : []);
  }

  /**
   * `estimateTemplate` with the allowances left by the stacks estimated before (`CostReport`
   * shares one pool across an assembly), and the notes to report.
   *
   * @internal
   */
  public _estimateTemplate(
    template: any,
    stackName: string,
    region: string | undefined,
    pool: AllowancePool | undefined,
    notes: string[],
  ): CostEstimate {
    if (!template || typeof template !== 'object' || Array.isArray(template)) {
      throw new Error(
        `CostEstimator: invalid 'template' for ${stackName}: expected a CloudFormation template object`,
      );
    }
    const resources: Resources = template.Resources ?? {};
    if (typeof resources !== 'object' || Array.isArray(resources)) {
      throw new Error(`CostEstimator: invalid 'template' for ${stackName}: Resources is not an object`);
    }
    const warnings: string[] = [];
    const factor = this.assumptions.regionFactor;
    const unresolved =
      region !== undefined && (Token.isUnresolved(region) || region === cxapi.UNKNOWN_REGION);
    const regionName = region === undefined || unresolved ? PRICED_REGION : region;
    if (unresolved) {
      warnings.push(
        `the region of ${stackName} is not resolved (environment-agnostic stack): priced at ${PRICED_REGION} list ` +
          `prices × regionFactor ${factor}; give the stack an env, or a regionFactor for the region it deploys to`,
      );
    } else if (regionName !== PRICED_REGION) {
      warnings.push(
        `${stackName} is in ${regionName} but priced at ${PRICED_REGION} list prices × regionFactor ${factor}`,
      );
    }
    if (Object.keys(resources).length === 0) {
      warnings.push(`the template of ${stackName} has no Resources`);
    }

    const facts = templateFacts(resources);
    const shares: { [group: string]: number } = {};
    for (const [id, r] of Object.entries(resources)) {
      const group = shareGroup(id, r, facts);
      if (group) {
        shares[group] = (shares[group] ?? 0) + 1;
      }
    }
    const used = new Set<string>();
    const ctx: PricingContext = {
      resources,
      facts,
      assumptions: this.assumptions,
      constant: (key, fallback) => this.price(key, used)?.usd ?? fallback,
      share: (group) => Math.max(1, shares[group] ?? 0),
    };

    const lines: CostLine[] = [];
    const notPriced: NotPricedResource[] = [];
    const free: NotPricedResource[] = [];
    for (const [logicalId, resource] of Object.entries(resources)) {
      const type = String(resource?.Type ?? '');
      const tokens = tokenPaths(propsOf(resource));
      if (tokens.length > 0) {
        warnings.push(
          `${logicalId}: ${tokens.join(', ')} ${tokens.length === 1 ? 'is a token' : 'are tokens'} (unresolved CDK ` +
            'values, not literals): priced as if not set or not priced, as its lines say; estimate the ' +
            'synthesized template (estimateStack, or Template.fromStack(stack).toJSON()) instead',
        );
      }
      const pricer = PRICERS[type];
      if (!pricer) {
        if (FREE_TYPES[type] !== undefined) {
          free.push({ logicalId, type, reason: FREE_TYPES[type] });
        } else if (type.startsWith('Custom::')) {
          free.push({ logicalId, type, reason: FREE_TYPES['AWS::CloudFormation::CustomResource'] });
        } else if (USAGE_ONLY_TYPES.includes(type)) {
          notPriced.push({ logicalId, type, reason: 'charged per use only; no usage assumption for it' });
        } else {
          notPriced.push({
            logicalId,
            type,
            reason: 'no list price in the price table for this resource type',
          });
        }
        continue;
      }
      const result = pricer(logicalId, resource, ctx);
      if (result.kind === 'free') {
        free.push({ logicalId, type, reason: result.reason });
        continue;
      }
      if (result.kind === 'notPriced') {
        notPriced.push({ logicalId, type, reason: result.reason });
        continue;
      }
      warnings.push(...(result.warnings ?? []));
      const path = String(resource?.Metadata?.['aws:cdk:path'] ?? logicalId);
      for (const draft of result.lines) {
        const base = this.price(draft.priceKey, used);
        const multiplier = draft.multiplierKey ? this.price(draft.multiplierKey, used) : { usd: 1 };
        const discount = draft.discountKey ? this.price(draft.discountKey, used) : { usd: 0 };
        if (base === undefined || multiplier === undefined || discount === undefined) {
          const missing =
            base === undefined
              ? draft.priceKey
              : multiplier === undefined
                ? draft.multiplierKey
                : draft.discountKey;
          notPriced.push({
            logicalId,
            type,
            reason:
              `no list price in the price table for '${missing}' (${draft.description})` +
              (isLookedUp(missing!) ? `; set priceOverrides.${missing}` : ''),
          });
          continue;
        }
        const unitPriceUsd = base.usd * factor * multiplier.usd * (1 - discount.usd);
        const monthly = (q: number | undefined) => round4((q ?? draft.quantity) * unitPriceUsd);
        const deduction = draft.outsideAllowance
          ? undefined
          : pool?.take(
              draft.priceKey,
              draft.quantity,
              draft.quantityMin ?? draft.quantity,
              draft.quantityMax ?? draft.quantity,
            );
        lines.push({
          path,
          logicalId,
          type,
          description: draft.description,
          quantity: round4(draft.quantity),
          unit: draft.unit,
          unitPriceUsd: Math.round(unitPriceUsd * 1e8) / 1e8,
          monthlyUsd: monthly(draft.quantity),
          monthlyMinUsd: monthly(draft.quantityMin),
          monthlyMaxUsd: monthly(draft.quantityMax),
          assumption: draft.assumption,
          priceKey:
            draft.priceKey +
            (draft.multiplierKey ? ` × ${draft.multiplierKey}` : '') +
            (draft.discountKey ? ` × (1 - ${draft.discountKey})` : ''),
        });
        if (deduction) {
          lines.push(deductionLine(lines[lines.length - 1], unitPriceUsd, deduction));
        }
      }
    }
    for (const key of this.assumptions.overriddenPriceKeys.filter((k) => !used.has(k))) {
      warnings.push(
        `priceOverrides.${key} priced nothing in ${stackName}: no resource of it looks the key up ` +
          '(a typo, or a resource type, class or node this stack does not have)',
      );
    }
    const sum = (pick: (l: CostLine) => number) => round4(lines.reduce((acc, l) => acc + pick(l), 0));
    return {
      stackName,
      region: regionName,
      totalMonthlyUsd: sum((l) => l.monthlyUsd),
      totalAtMinimumUsd: sum((l) => l.monthlyMinUsd),
      totalAtMaximumUsd: sum((l) => l.monthlyMaxUsd),
      lines,
      notPriced,
      free,
      assumptions: this.assumptions,
      warnings,
      notes: [...notes],
    };
  }

  private price(key: string, used: Set<string>): { usd: number } | undefined {
    used.add(key);
    return this.overrides[key] ?? PRICES[key];
  }
}
