import { Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { TRACING_DEFAULTS, TracingSettings } from './tracing';
import { acknowledge } from '../../private/acknowledge';

/** The collector container's name in each traced task definition. */
export const COLLECTOR_CONTAINER = 'otel-collector';

/** The X-Ray actions the collector calls: write segments and telemetry, read sampling rules. */
export const XRAY_ACTIONS = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
];

/** The parts of a service's task the sidecar joins (a `ShopService`). */
export interface TracedTask extends IConstruct {
  readonly taskDefinition: ecs.TaskDefinition;
  /** The app container. */
  readonly container: ecs.ContainerDefinition;
  readonly taskRole: iam.IRole;
  readonly logGroup: logs.ILogGroup;
}

/**
 * The collector's configuration, in `AOT_CONFIG_CONTENT` (the ADOT image reads it there): OTLP
 * over gRPC and HTTP on localhost only (the task's containers share its network namespace),
 * memory-limited and batched, exported to X-Ray in the stack's region; a health endpoint for the
 * container health check. No metrics or logs pipeline: nothing else leaves the task.
 */
export function collectorConfig(region: string): string {
  return [
    'extensions:',
    '  health_check:',
    '    endpoint: localhost:13133',
    'receivers:',
    '  otlp:',
    '    protocols:',
    '      grpc:',
    '        endpoint: localhost:4317',
    '      http:',
    '        endpoint: localhost:4318',
    'processors:',
    '  memory_limiter:',
    '    check_interval: 1s',
    '    limit_percentage: 80',
    '    spike_limit_percentage: 20',
    '  batch: {}',
    'exporters:',
    '  awsxray:',
    `    region: ${region}`,
    'service:',
    '  extensions: [health_check]',
    '  pipelines:',
    '    traces:',
    '      receivers: [otlp]',
    '      processors: [memory_limiter, batch]',
    '      exporters: [awsxray]',
    '',
  ].join('\n');
}

/** The OpenTelemetry SDK settings of a traced app container. */
export function tracingEnvironment(serviceName: string, settings: TracingSettings, namespace: string) {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: TRACING_DEFAULTS.otlpEndpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_SERVICE_NAME: serviceName,
    OTEL_RESOURCE_ATTRIBUTES: `service.namespace=${namespace}`,
    OTEL_PROPAGATORS: 'tracecontext,baggage,xray',
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: String(settings.samplingRatio),
    // the collector has a traces pipeline only
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
  };
}

/**
 * Adds the ADOT collector to a task: not essential (a collector that stops loses traces, never
 * the shop), no container waits for it, its hard memory limit carved out of the task (the caller
 * gives the app container the rest), a read-only root file system, a non-root user, logs to the
 * service's log group; the task role may call the X-Ray actions only; the app container gets the
 * OTLP endpoint and the SDK settings, unless its environment sets them.
 */
export function addTracingSidecar(
  task: TracedTask,
  serviceName: string,
  appEnvironment: { [name: string]: string },
  settings: TracingSettings,
): void {
  const stack = Stack.of(task);
  task.taskDefinition.addContainer(COLLECTOR_CONTAINER, {
    image: ecs.ContainerImage.fromRegistry(TRACING_DEFAULTS.collectorImage),
    essential: false,
    memoryLimitMiB: settings.collectorMemoryMiB,
    readonlyRootFilesystem: true,
    // the image's own user (aoc)
    user: '10001',
    environment: { AOT_CONFIG_CONTENT: collectorConfig(stack.region) },
    logging: ecs.LogDrivers.awsLogs({ logGroup: task.logGroup, streamPrefix: COLLECTOR_CONTAINER }),
    healthCheck: {
      // the image's health check binary asks the health_check extension
      command: ['CMD', '/healthcheck'],
      interval: Duration.seconds(30),
      timeout: Duration.seconds(5),
      retries: 3,
      startPeriod: Duration.seconds(10),
    },
  });
  const policy = new iam.Policy(task, 'TracingPolicy', {
    statements: [new iam.PolicyStatement({ actions: XRAY_ACTIONS, resources: ['*'] })],
    roles: [task.taskRole],
  });
  acknowledge(
    policy,
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules and GetSamplingTargets have no resource-level permissions (Service Authorization Reference, AWS X-Ray); the policy allows those four actions only.',
    },
    {
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        "The tracing policy of this one service's task role; a managed policy would add nothing, and the AWS managed AWSXRayDaemonWriteAccess allows more.",
    },
  );
  // the user's environment (already in the app's) wins over these defaults
  const env = tracingEnvironment(serviceName, settings, stack.stackName);
  for (const [name, value] of Object.entries(env)) {
    if (!(name in appEnvironment)) task.container.addEnvironment(name, value);
  }
}
