import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ALARM_CATALOG } from './alarm-catalog';
import {
  AlarmDefinition,
  AlarmTarget,
  CatalogMetric,
  comparisonText,
  targetsOf,
  thresholdText,
} from './alarm-definition';
import { findCatalogAlarm, markCatalogAlarm } from './catalog-alarm-registry';
import { metricOf, MonitoredResource, Tier } from './monitored-resource';
import { checkOverrides, checkThreshold, ResolvedOverride } from './observability-validation';
import { ShopAlarmOverride } from './shop-observability-props';

/*
 * Alarms from the catalog's data: for each resource, each entry of its kind that applies, one
 * alarm per target (a cache's member nodes), with the overrides applied. Callable by any
 * construct (ShopObservability, a shop's own alarms) with the resources it knows.
 */

/** One alarm made (or found) from the catalog. */
export interface CatalogAlarm {
  readonly alarm: cloudwatch.Alarm;
  readonly definition: AlarmDefinition;
  readonly resource: MonitoredResource;
  readonly tier: Tier;
  /** True when the alarm existed already (a shop made it) and was not defined again. */
  readonly reused: boolean;
}

/** How `createCatalogAlarms` defines its alarms. */
export interface CatalogAlarmOptions {
  /** The topic every new alarm notifies, on ALARM and on OK. @default - no actions */
  readonly topic?: sns.ITopic;
  /** Only these kind ids. @default - every entry of the catalog */
  readonly kinds?: readonly string[];
  /** The prop the overrides came from, for errors. @default 'alarmOverrides' */
  readonly overridesProp?: string;
  /** The construct id of an alarm. @default - the resource's label, the target and the kind id */
  readonly alarmId?: (
    definition: AlarmDefinition,
    resource: MonitoredResource,
    target: AlarmTarget,
  ) => string;
  /** A literal alarm name for an alarm. @default - a name CloudFormation generates */
  readonly alarmName?: (
    definition: AlarmDefinition,
    resource: MonitoredResource,
    target: AlarmTarget,
  ) => string | undefined;
}

/** Construct ids: the label without `/`, then the kind and the target. */
function alarmId(definition: AlarmDefinition, resource: MonitoredResource, target: AlarmTarget): string {
  return `${resource.label.replace(/\//g, '-')}${target.suffix}-${definition.id}`;
}

function catalogMetric(resource: MonitoredResource, target: AlarmTarget, m: CatalogMetric, period: number) {
  return metricOf(resource, {
    namespace: m.namespace,
    metricName: m.metricName,
    statistic: m.statistic,
    periodSeconds: period,
    dimensions: { ...target.dimensions, ...m.extraDimensions },
  });
}

/** The metric or math expression of an entry for one target. */
export function definitionMetric(
  d: AlarmDefinition,
  resource: MonitoredResource,
  target: AlarmTarget,
): cloudwatch.IMetric {
  if (d.metric) return catalogMetric(resource, target, d.metric, d.periodSeconds);
  if (!d.expression) throw new Error(`alarm catalog entry ${d.id} has neither a metric nor an expression`);
  const usingMetrics: { [id: string]: cloudwatch.IMetric } = {};
  for (const [id, m] of Object.entries(d.expression.metrics)) {
    usingMetrics[id] = catalogMetric(resource, target, m, d.periodSeconds);
  }
  return new cloudwatch.MathExpression({
    expression: d.expression.expression,
    usingMetrics,
    period: Duration.seconds(d.periodSeconds),
    label: d.title,
  });
}

/** True when the stack is in `region` for sure (a literal region equal to it). */
function stackIn(scope: Construct, region: string): boolean {
  const stackRegion = Stack.of(scope).region;
  return !Token.isUnresolved(stackRegion) && stackRegion === region;
}

/**
 * Defines the catalog's alarms of `resources` in `scope`, each notifying `options.topic`; an
 * alarm a shop made already (`markCatalogAlarm`) is returned instead of a new one. Resources
 * whose metrics are in another region (CloudFront outside us-east-1), and derived thresholds
 * whose facts are unknown, get a warning on `scope` and no alarm: never one that cannot fire.
 */
export function createCatalogAlarms(
  scope: Construct,
  resources: readonly MonitoredResource[],
  overrides: readonly ShopAlarmOverride[] = [],
  options: CatalogAlarmOptions = {},
): CatalogAlarm[] {
  const prop = options.overridesProp ?? 'alarmOverrides';
  const byKind = checkOverrides(scope, overrides, prop);
  const kinds = options.kinds ? new Set(options.kinds) : undefined;
  const made: CatalogAlarm[] = [];
  const regionWarned = new Set<string>();
  for (const definition of ALARM_CATALOG) {
    if (kinds && !kinds.has(definition.id)) continue;
    const resolved = byKind.get(definition.id);
    if (resolved?.override.enabled === false) continue;
    for (const resource of resources) {
      if (resource.kind !== definition.resourceKind) continue;
      if (definition.appliesTo && !definition.appliesTo(resource)) continue;
      if (resource.metricRegion !== undefined && !stackIn(scope, resource.metricRegion)) {
        if (!regionWarned.has(resource.label)) {
          regionWarned.add(resource.label);
          Annotations.of(scope).addWarningV2(
            '@cdk-shop/observability:metricRegion',
            `${resource.label}: no alarms: its metrics are published in ${resource.metricRegion} only and an alarm can watch metrics of its own region only; monitor it from a stack in ${resource.metricRegion}`,
          );
        }
        continue;
      }
      for (const target of targetsOf(definition, resource)) {
        const existing = findCatalogAlarm(definition.id, resource, target.suffix);
        if (existing) {
          // one alarm may be a kind's for several resources (a blue/green pair's rate): listed once
          if (!made.some((m) => m.alarm === existing && m.definition === definition)) {
            made.push({ alarm: existing, definition, resource, tier: resource.tier, reused: true });
          }
          continue;
        }
        const alarm = defineAlarm(scope, definition, resource, target, resolved, options);
        if (!alarm) continue;
        markCatalogAlarm(alarm, definition.id, resource, target.suffix);
        made.push({ alarm, definition, resource, tier: resource.tier, reused: false });
      }
    }
  }
  return made;
}

function thresholdFor(
  scope: Construct,
  d: AlarmDefinition,
  resource: MonitoredResource,
  resolved: ResolvedOverride | undefined,
): number | undefined {
  if (resolved?.override.threshold !== undefined) return resolved.override.threshold;
  if (typeof d.threshold === 'number') return d.threshold;
  const value = d.threshold.derive(resource);
  if (value === undefined) {
    Annotations.of(scope).addWarningV2(
      `@cdk-shop/observability:${d.id}`,
      `${resource.label}: no '${d.id}' alarm: its threshold is ${d.threshold.rule} and ${d.threshold.needs} is not known at synth time; give alarmOverrides [{ kind: ShopAlarmKind.${d.id.toUpperCase().replace(/-/g, '_')}, threshold }]`,
    );
    return undefined;
  }
  checkThreshold(
    scope,
    `${resolved?.prop ?? 'alarmOverrides'} (derived threshold of '${d.id}' for ${resource.label})`,
    value,
    d,
  );
  return value;
}

function defineAlarm(
  scope: Construct,
  d: AlarmDefinition,
  resource: MonitoredResource,
  target: AlarmTarget,
  resolved: ResolvedOverride | undefined,
  options: CatalogAlarmOptions,
): cloudwatch.Alarm | undefined {
  const threshold = thresholdFor(scope, d, resource, resolved);
  if (threshold === undefined) return undefined;
  const o = resolved?.override;
  const evaluationPeriods = o?.evaluationPeriods ?? d.evaluationPeriods;
  const datapointsToAlarm =
    o?.datapointsToAlarm ?? (o?.evaluationPeriods !== undefined ? evaluationPeriods : d.datapointsToAlarm);
  const shown =
    typeof d.threshold === 'number' || o?.threshold !== undefined
      ? thresholdText({ ...d, threshold })
      : `${threshold} (${d.threshold.rule})`;
  const alarm = new cloudwatch.Alarm(
    scope,
    options.alarmId?.(d, resource, target) ?? alarmId(d, resource, target),
    {
      alarmName: options.alarmName?.(d, resource, target),
      alarmDescription: truncate(
        `${resource.label}${target.suffix}: ${d.title} ${comparisonText(d.comparison)} ${shown}, ` +
          `${datapointsToAlarm} of ${evaluationPeriods} periods of ${d.periodSeconds} s. ${d.why}`,
      ),
      metric: definitionMetric(d, resource, target),
      threshold,
      comparisonOperator: d.comparison,
      evaluationPeriods,
      datapointsToAlarm,
      treatMissingData: d.treatMissingData,
    },
  );
  if (options.topic) {
    const action = new cwActions.SnsAction(options.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
  return alarm;
}

/** An alarm description holds at most 1,024 characters (PutMetricAlarm). */
function truncate(text: string): string {
  return text.length <= 1024 ? text : `${text.slice(0, 1021)}...`;
}
