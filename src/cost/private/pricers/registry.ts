/**
 * The estimator's pricers, composed from one module per service family. Each family owns its
 * pricers, share-group rules, free and usage-only types and the override keys it looks up; this
 * module only puts them together.
 */
import { Resources } from '../cfn';
import { API_GATEWAY, apiRoutes } from './api-gateway';
import { CLOUDFORMATION } from './cloudformation';
import { COGNITO } from './cognito';
import { COMPUTE } from './compute';
import { DATABASE } from './database';
import { DYNAMODB } from './dynamodb';
import { EDGE } from './edge';
import { KeyForm, Pricer, PricerFamily, ShareRule, TemplateFacts } from './helpers';
import { MESSAGING } from './messaging';
import { NETWORK } from './network';
import { customMetricsByAlarm, OBSERVABILITY } from './observability';
import { SECURITY } from './security';
import { deployOnlyFunctions, SERVERLESS } from './serverless';
import { STORAGE } from './storage';
import { tracedTaskDefinitions, TRACING } from './tracing';
import { userTraffic } from './traffic';

export { HOURS_PER_MONTH } from './helpers';
export type { PricingContext } from './helpers';

/** Every service family, in the order their entries are composed. */
export const FAMILIES: readonly PricerFamily[] = [
  COMPUTE,
  STORAGE,
  NETWORK,
  MESSAGING,
  SERVERLESS,
  API_GATEWAY,
  OBSERVABILITY,
  DATABASE,
  DYNAMODB,
  COGNITO,
  EDGE,
  SECURITY,
  CLOUDFORMATION,
  TRACING,
];

function merge<T>(pick: (f: PricerFamily) => { readonly [type: string]: T } | undefined): {
  readonly [type: string]: T;
} {
  return Object.assign({}, ...FAMILIES.map((f) => pick(f) ?? {}));
}

/** Pricers by CloudFormation type. */
export const PRICERS: { readonly [type: string]: Pricer } = merge((f) => f.pricers);

/** Types with no charge of their own (their cost, if any, shows on another resource). */
export const FREE_TYPES: { readonly [type: string]: string } = merge((f) => f.free);

/** Types charged per use only: the estimator has no usage assumption for them. */
export const USAGE_ONLY_TYPES: readonly string[] = FAMILIES.flatMap((f) => f.usageOnly ?? []);

/** Every fixed price-table key the pricers look up, sorted. */
export const PRICE_KEYS: readonly string[] = [...new Set(FAMILIES.flatMap((f) => f.priceKeys ?? []))].sort();

/** The keys that depend on the resource (instance types, node classes, volume types). */
export const KEY_FORMS: readonly KeyForm[] = FAMILIES.flatMap((f) => f.keyForms ?? []);

const PRICE_KEY_SET = new Set(PRICE_KEYS);

/** Whether the pricers look `key` up: a `priceOverrides` key that changes an estimate. */
export function isLookedUp(key: string): boolean {
  return PRICE_KEY_SET.has(key) || KEY_FORMS.some((f) => f.pattern.test(key));
}

const SHARE_RULES: { readonly [type: string]: ShareRule } = merge((f) => f.shareRules);

/** Finds the template-wide facts once, before anything is priced. */
export function templateFacts(resources: Resources): TemplateFacts {
  return {
    deployOnlyFunctions: deployOnlyFunctions(resources),
    customMetricsByAlarm: customMetricsByAlarm(resources),
    userTraffic: userTraffic(resources),
    tracedTaskDefinitions: tracedTaskDefinitions(resources),
    apiRoutes: apiRoutes(resources),
  };
}

/** The share group of a resource (see `ShareRule`), from the rule of its family. */
export function shareGroup(logicalId: string, resource: any, facts: TemplateFacts): string | undefined {
  return SHARE_RULES[String(resource?.Type ?? '')]?.(logicalId, resource, facts);
}
