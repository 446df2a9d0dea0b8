import type { ApiRoutes } from './api-gateway';
import type { UserTraffic } from './traffic';
import { CostAssumptions } from '../../cost-estimate';
import { num, props, references, Resources, str } from '../cfn';

/** Hours in a month, as AWS pricing pages and infracost use. */
export const HOURS_PER_MONTH = 730;

/** One line before prices are looked up. */
export interface LineDraft {
  readonly description: string;
  /** Key of the price table (USD price, `regionFactor` applies). */
  readonly priceKey: string;
  /** Optional key of a plain multiplier (e.g. `rds.multiAz.multiplier`); `regionFactor` does not apply. */
  readonly multiplierKey?: string;
  /** Optional key of a discount fraction (e.g. `fargate.spot.discountMax`): the price × (1 - it). */
  readonly discountKey?: string;
  readonly quantity: number;
  readonly quantityMin?: number;
  readonly quantityMax?: number;
  readonly unit: string;
  readonly assumption: string;
  /** True when the always-free allowance of its price key does not cover it (a dashboard of more than 50 metrics). */
  readonly outsideAllowance?: boolean;
}

export type PriceResult =
  | { readonly kind: 'lines'; readonly lines: LineDraft[]; readonly warnings?: string[] }
  | { readonly kind: 'notPriced'; readonly reason: string }
  | { readonly kind: 'free'; readonly reason: string };

export interface PricingContext {
  readonly resources: Resources;
  /** What the pricers need to know about the whole template, found once per estimate. */
  readonly facts: TemplateFacts;
  readonly assumptions: CostAssumptions;
  /** Raw (un-factored) value of a table key, e.g. included IOPS. */
  readonly constant: (key: string, fallback: number) => number;
  /** How many resources share a stack-wide usage assumption (see `shareCount`). */
  readonly share: (group: string) => number;
}

export type Pricer = (logicalId: string, resource: any, ctx: PricingContext) => PriceResult;

export const H = HOURS_PER_MONTH;

export function lines(...drafts: Array<LineDraft | undefined>): PriceResult {
  return { kind: 'lines', lines: drafts.filter((d): d is LineDraft => d !== undefined) };
}

export function notPriced(reason: string): PriceResult {
  return { kind: 'notPriced', reason };
}

export function fmt(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

/** A metric in a namespace that does not start with `AWS/`: published by someone, charged monthly. */
export interface CustomMetric {
  readonly description: string;
  /** Every alarm that watches it, the first one (which carries its line) first. */
  readonly alarms: string[];
}

/** What the pricers need to know about the whole template. */
export interface TemplateFacts {
  /** Functions that run only when the stack deploys, with the reason, by logical ID. */
  readonly deployOnlyFunctions: Map<string, string>;
  /** The distinct custom metrics alarms watch, each under the first alarm that watches it. */
  readonly customMetricsByAlarm: Map<string, CustomMetric[]>;
  /** The resources that carry the user-facing traffic out to the internet (see traffic.ts). */
  readonly userTraffic: UserTraffic;
  /** Task definitions a service runs with an ADOT collector sidecar (see tracing.ts). */
  readonly tracedTaskDefinitions: Set<string>;
  /** The APIs priced per request and the functions each integrates (see api-gateway.ts). */
  readonly apiRoutes: ApiRoutes;
}

/**
 * The share group a resource joins (a stack-wide usage assumption split evenly over the group),
 * or undefined when it does not split one. Its pricer asks `ctx.share(group)` for the same group.
 */
export type ShareRule = (logicalId: string, resource: any, facts: TemplateFacts) => string | undefined;

/** What one service family contributes to the registry. */
export interface PricerFamily {
  /** Pricers by CloudFormation type. */
  readonly pricers: { readonly [type: string]: Pricer };
  /** Share-group rules by CloudFormation type. */
  readonly shareRules?: { readonly [type: string]: ShareRule };
  /** Types with no charge of their own, with the reason. */
  readonly free?: { readonly [type: string]: string };
  /** Types charged per use only, with no usage assumption. */
  readonly usageOnly?: readonly string[];
  /**
   * Every fixed price-table key the family's pricers look up (prices, multipliers, discounts and
   * constants): the `priceOverrides` keys that change an estimate.
   */
  readonly priceKeys?: readonly string[];
  /** Keys that depend on the resource (an instance type, a node class), each with its form. */
  readonly keyForms?: readonly KeyForm[];
}

/** A family of price keys that depend on the resource, e.g. `ec2.<instance type>.hourly`. */
export interface KeyForm {
  readonly pattern: RegExp;
  /** How the form reads in an error message. */
  readonly form: string;
}

export function monthly(
  description: string,
  priceKey: string,
  unit: string,
  assumption: string,
  count = 1,
): PriceResult {
  return lines({ description, priceKey, quantity: count, unit, assumption });
}

export function monthlyDraft(
  description: string,
  priceKey: string,
  unit: string,
  quantity: number,
  assumption: string,
) {
  return { description, priceKey, unit, quantity, assumption };
}

export function publicIpv4Line(count: number, assumption: string, min?: number, max?: number): LineDraft {
  return {
    description: count === 1 ? 'public IPv4 address' : `${count} public IPv4 addresses`,
    priceKey: 'vpc.publicIpv4.hourly',
    quantity: H * count,
    quantityMin: min === undefined ? undefined : H * min,
    quantityMax: max === undefined ? undefined : H * max,
    unit: 'address-hours',
    assumption,
  };
}

export function scalableTargetFor(resources: Resources, logicalId: string, dimension: string) {
  for (const r of Object.values(resources)) {
    if (
      r?.Type === 'AWS::ApplicationAutoScaling::ScalableTarget' &&
      str(props(r).ScalableDimension) === dimension &&
      references(props(r).ResourceId, logicalId)
    ) {
      return { min: num(props(r).MinCapacity), max: num(props(r).MaxCapacity) };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- EBS

/** Lines for one EBS volume (an AWS::EC2::Volume or a block device mapping) × count. */
export function ebsLines(
  ctx: PricingContext,
  label: string,
  ebs: any,
  count: { n: number; min?: number; max?: number },
  defaultType: string,
  defaultSizeGb: number | undefined,
  assumptions: string[],
): LineDraft[] {
  const type = str(ebs?.VolumeType) ?? defaultType;
  const notes = [...assumptions];
  if (ebs?.VolumeType === undefined) {
    notes.push(`VolumeType not set: priced as ${defaultType}`);
  }
  let size = num(ebs?.VolumeSize ?? ebs?.Size);
  if (size === undefined) {
    if (defaultSizeGb === undefined) {
      return [];
    }
    size = defaultSizeGb;
    notes.push(`size not a literal: assumed ${defaultSizeGb} GB`);
  }
  const scaled = (per: number) => ({
    quantity: per * count.n,
    quantityMin: count.min === undefined ? undefined : per * count.min,
    quantityMax: count.max === undefined ? undefined : per * count.max,
  });
  const perVolume = count.n === 1 && count.min === undefined ? '' : ` per volume × ${count.n} volumes`;
  const out: LineDraft[] = [
    {
      description: `${label} (${type}, ${fmt(size)} GB)`,
      priceKey: `ebs.${type}.gbMonth`,
      ...scaled(size),
      unit: 'GB-month',
      assumption: [`${fmt(size)} GB${perVolume}`, ...notes].join('; '),
    },
  ];
  if (type === 'gp3') {
    const includedIops = ctx.constant('ebs.gp3.includedIops', 3000);
    const includedTput = ctx.constant('ebs.gp3.includedThroughputMBps', 125);
    const iops = num(ebs?.Iops);
    if (iops !== undefined && iops > includedIops) {
      out.push({
        description: `${label} IOPS above ${includedIops}`,
        priceKey: 'ebs.gp3.extraIops',
        ...scaled(iops - includedIops),
        unit: 'IOPS-month',
        assumption: `${fmt(iops)} provisioned IOPS - ${includedIops} included${perVolume}`,
      });
    }
    const tput = num(ebs?.Throughput);
    if (tput !== undefined && tput > includedTput) {
      out.push({
        description: `${label} throughput above ${includedTput} MB/s`,
        priceKey: 'ebs.gp3.extraThroughput',
        ...scaled(tput - includedTput),
        unit: 'MBps-month',
        assumption: `${fmt(tput)} MB/s - ${includedTput} included${perVolume}`,
      });
    }
  }
  return out;
}

const DEFAULT_ROOT_GB = 8;

/** Root / data volumes of an instance from its BlockDeviceMappings (or the AMI's assumed root volume). */
export function blockDeviceLines(
  ctx: PricingContext,
  mappings: unknown,
  count: { n: number; min?: number; max?: number },
): LineDraft[] {
  if (!Array.isArray(mappings) || mappings.length === 0) {
    return ebsLines(ctx, 'root volume', { VolumeType: 'gp3', VolumeSize: DEFAULT_ROOT_GB }, count, 'gp3', 8, [
      `no BlockDeviceMappings: the AMI's root volume, assumed ${DEFAULT_ROOT_GB} GB gp3`,
    ]);
  }
  const out: LineDraft[] = [];
  for (const m of mappings) {
    if (!m || !m.Ebs) {
      continue; // instance store or NoDevice: no EBS charge
    }
    const device = str(m.DeviceName) ?? 'device';
    // An EBS mapping without VolumeSize takes the AMI snapshot's size: assume the common 8 GB.
    out.push(...ebsLines(ctx, `volume ${device}`, m.Ebs, count, 'gp2', DEFAULT_ROOT_GB, []));
  }
  return out;
}
