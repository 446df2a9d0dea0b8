import { cacheNodeVcpus, maxConnections } from './instance-facts';

/*
 * The names the alarm catalog calls; the data and its sources are in `instance-facts.ts`.
 */

/** The default `max_connections` of an RDS engine on a class (see `maxConnections`). */
export function defaultMaxConnections(engine: string, instanceClass: string): number | undefined {
  return maxConnections(instanceClass, engine);
}

/** vCPUs of an ElastiCache node type, if `instance-facts.ts` lists it. */
export function cacheVcpus(nodeType: string): number | undefined {
  return cacheNodeVcpus(nodeType);
}
