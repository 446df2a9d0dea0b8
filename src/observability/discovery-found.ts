import { MonitoredResource, ResourceKind, ResourceFacts } from './monitored-resource';

/** What a discovery rule finds for one resource; `discoverResources` adds the rest. */
export interface Found {
  readonly kind: ResourceKind;
  readonly dimensions: MonitoredResource['dimensions'];
  readonly facts: ResourceFacts;
  readonly metricRegion?: string;
  /** Appended to the label, for a resource found more than once (an API's stages). */
  readonly labelSuffix?: string;
}
