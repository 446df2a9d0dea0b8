import { IConstruct } from 'constructs';
import { discoverResources } from './discovery';
import { MonitoredResource } from './monitored-resource';

/*
 * Where ShopObservability gets its resources: discovery (`discovery.ts`) walks the construct
 * tree. One seam, so ShopObservability's own tests can give fixtures instead.
 */

/** The resources to monitor below `monitor`. */
export function monitoredResourcesOf(monitor: IConstruct): MonitoredResource[] {
  return discoverResources(monitor);
}
