import { CfnResource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { MonitoredResource } from './monitored-resource';

/*
 * Which catalog alarms exist already, by resource: a shop that makes an alarm of the catalog
 * for one of its resources marks it here, and ShopObservability (createCatalogAlarms) finds it
 * and uses it instead of defining a second alarm of the same kind on the same resource.
 */

/** CloudFormation resource → `<kind id><target suffix>` → alarm. */
const REGISTRY = new WeakMap<CfnResource, Map<string, cloudwatch.Alarm>>();

/** What a catalog alarm is about: a MonitoredResource, a CfnResource, or an L2 construct of one. */
export type CatalogSubject = MonitoredResource | IConstruct;

function cfnOf(subject: CatalogSubject): CfnResource {
  if ('resource' in subject && CfnResource.isCfnResource(subject.resource)) return subject.resource;
  const construct = subject as IConstruct;
  if (CfnResource.isCfnResource(construct)) return construct;
  const child = construct.node.defaultChild;
  if (child && CfnResource.isCfnResource(child)) return child;
  throw new Error(
    `${construct.node.path}: not a CloudFormation resource nor a construct with one as its default child`,
  );
}

/**
 * Records that `alarm` is the catalog's `kindId` alarm of `resource` (for one member of it,
 * e.g. `-001` of a cache, when `target` is given).
 */
export function markCatalogAlarm(
  alarm: cloudwatch.Alarm,
  kindId: string,
  resource: CatalogSubject,
  target = '',
): void {
  const cfn = cfnOf(resource);
  let alarms = REGISTRY.get(cfn);
  if (!alarms) {
    alarms = new Map();
    REGISTRY.set(cfn, alarms);
  }
  alarms.set(`${kindId}${target}`, alarm);
}

/** The catalog's `kindId` alarm of `resource` made already, or undefined. */
export function findCatalogAlarm(
  kindId: string,
  resource: CatalogSubject,
  target = '',
): cloudwatch.Alarm | undefined {
  return REGISTRY.get(cfnOf(resource))?.get(`${kindId}${target}`);
}
