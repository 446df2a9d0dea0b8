import { props, references, Resources, str } from '../cfn';
import { fmt, lines, Pricer, PricerFamily } from './helpers';
import { traceSampling } from './trace-sampling';

/** The image name of the AWS Distro for OpenTelemetry collector (public.ecr.aws/aws-observability/...). */
const ADOT_COLLECTOR_IMAGE = 'aws-otel-collector';

const XRAY_SHARE = 'xray';

/** The containers of a task definition that run the ADOT collector (the image may be an intrinsic). */
export function collectorContainers(taskDefinition: any): string[] {
  const containers: any[] = Array.isArray(props(taskDefinition).ContainerDefinitions)
    ? props(taskDefinition).ContainerDefinitions
    : [];
  return containers
    .filter((c) => JSON.stringify(c?.Image ?? '').includes(ADOT_COLLECTOR_IMAGE))
    .map((c) => str(c?.Name) ?? '(unnamed)');
}

/** The ECS services of the template that run a task definition. */
function servicesRunning(resources: Resources, taskDefinitionId: string): string[] {
  return Object.keys(resources).filter(
    (id) =>
      resources[id]?.Type === 'AWS::ECS::Service' &&
      references(props(resources[id]).TaskDefinition, taskDefinitionId),
  );
}

/** Task definitions that an ECS service runs with an ADOT collector sidecar: they split `tracesPerMonth` (or `requestsPerMonth`). */
export function tracedTaskDefinitions(resources: Resources): Set<string> {
  return new Set(
    Object.keys(resources).filter(
      (id) =>
        resources[id]?.Type === 'AWS::ECS::TaskDefinition' &&
        collectorContainers(resources[id]).length > 0 &&
        servicesRunning(resources, id).length > 0,
    ),
  );
}

/**
 * A task definition's tasks are priced on the service that runs them. One with an ADOT collector
 * sidecar also sends traces to X-Ray (no CloudFormation resource of its own), priced here: its
 * share of `tracesPerMonth` when given, else its share of `requestsPerMonth` times the sampling
 * ratio its app containers set (`OTEL_TRACES_SAMPLER_ARG`). One that no service runs is a one-off
 * task (a migration run once per deployment): a few task-minutes a run.
 */
const taskDefinition: Pricer = (id, resource, ctx) => {
  const services = servicesRunning(ctx.resources, id);
  const collectors = collectorContainers(resource);
  if (services.length === 0) {
    return {
      kind: 'free',
      reason:
        'no ECS service in this template runs it: a one-off task (e.g. a database migration run once per ' +
        'deployment), a few Fargate task-minutes a run, well under a cent a run: not estimated' +
        (collectors.length > 0 ? '; its tracing sidecar records only that run' : ''),
    };
  }
  if (collectors.length === 0) {
    return { kind: 'free', reason: 'priced on the ECS service that runs it' };
  }
  const n = ctx.share(XRAY_SHARE);
  const given = ctx.assumptions.tracesPerMonth;
  let traces: number;
  let basis: string;
  if (given !== undefined) {
    traces = given / n;
    basis =
      `tracesPerMonth ${fmt(given)} split evenly over ${n} traced task definition(s)` +
      (n > 1 ? ` = ${fmt(traces)} each` : '');
  } else {
    const sampling = traceSampling(resource);
    const requests = ctx.assumptions.requestsPerMonth / n;
    traces = requests * sampling.ratio;
    basis =
      `requestsPerMonth ${fmt(ctx.assumptions.requestsPerMonth)} split evenly over ${n} traced task definition(s)` +
      (n > 1 ? ` = ${fmt(requests)} each` : '') +
      `, sampled at ${fmt(sampling.ratio)} (${sampling.source}) = ${fmt(traces)} traces; ` +
      'give tracesPerMonth to price another number';
  }
  return lines({
    description: 'X-Ray traces recorded (ADOT collector sidecar)',
    priceKey: 'xray.tracesRecorded.perMillion',
    quantity: traces / 1e6,
    unit: 'million traces',
    assumption:
      `the ADOT collector container ${collectors.join(', ')} exports the OpenTelemetry traces of ` +
      `${services.join(', ')} to X-Ray; ${basis}` +
      '; the collector runs inside the task, so its CPU and memory are priced on the service; ' +
      'traces retrieved or scanned, and metrics sent through the collector, not priced',
  });
};

/** Traces that ECS tasks send to X-Ray through an AWS Distro for OpenTelemetry collector sidecar. */
export const TRACING: PricerFamily = {
  pricers: {
    'AWS::ECS::TaskDefinition': taskDefinition,
  },
  shareRules: {
    'AWS::ECS::TaskDefinition': (id, _r, facts) =>
      facts.tracedTaskDefinitions.has(id) ? XRAY_SHARE : undefined,
  },
  free: {
    'AWS::XRay::SamplingRule': 'no charge (sampling decides how many traces are recorded: tracesPerMonth)',
  },
  priceKeys: ['xray.tracesRecorded.perMillion'],
};
