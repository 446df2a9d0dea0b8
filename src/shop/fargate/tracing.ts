import { IConstruct } from 'constructs';
import type { FargateShopPreset } from './fargate-shop-preset';
import type { ServicePlan } from './service-plan';
import { checkWholeNumber } from '../../private/checks';
import { invalidProp, requireLiteral } from '../../private/errors';

/**
 * OpenTelemetry tracing of a `FargateShop`'s services: an AWS Distro for OpenTelemetry collector
 * beside each app container, exporting the traces it receives over OTLP to AWS X-Ray.
 */
export interface FargateTracing {
  /**
   * Whether the services are traced.
   *
   * @default - the preset's `tracing`: on in HIGHLY_AVAILABLE, off in DEVELOPMENT
   */
  readonly enabled?: boolean;

  /**
   * The share of new traces recorded, from 0 to 1 (`OTEL_TRACES_SAMPLER_ARG` of the
   * `parentbased_traceidratio` sampler): a request that arrives with a sampled parent is always
   * recorded. X-Ray bills $5 per million traces recorded beyond 100,000 a month.
   *
   * @default 0.05 (X-Ray's own default fixed rate)
   */
  readonly samplingRatio?: number;

  /**
   * The collector's hard memory limit in MiB, carved out of each task: the app container's limit
   * is the task's memory minus this. At most half the smallest task's memory.
   *
   * @default 128
   */
  readonly collectorMemoryMiB?: number;
}

/** The defaults and limits of `FargateTracing`. */
export const TRACING_DEFAULTS = {
  samplingRatio: 0.05,
  collectorMemoryMiB: 128,
  /** Below this the collector's memory limiter leaves it no room to batch. */
  minCollectorMemoryMiB: 64,
  /**
   * The AWS Distro for OpenTelemetry collector on Amazon ECR Public, pinned by tag (the
   * release of aws-observability/aws-otel-collector's VERSION file); multi-architecture.
   */
  collectorImage: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.45.1',
  /** Where the apps send OTLP over HTTP: the collector, in the same task's network namespace. */
  otlpEndpoint: 'http://localhost:4318',
};

/** Tracing as the services get it, every default applied. */
export interface TracingSettings {
  readonly samplingRatio: number;
  readonly collectorMemoryMiB: number;
}

/** The `tracing` prop as `FargateShopProps` holds it. */
export interface TracingProps {
  readonly tracing?: FargateTracing;
}

/**
 * Whether and how the shop traces: `tracing`, else the preset. Validates the fields, and that
 * the collector's memory leaves every task's app container at least half its task.
 */
export function resolveTracing(
  scope: IConstruct,
  props: TracingProps,
  preset: FargateShopPreset,
  plans: ServicePlan[],
): TracingSettings | undefined {
  const options = props.tracing ?? {};
  requireLiteral(scope, 'tracing.enabled', options.enabled, 'true or false');
  const enabled = options.enabled ?? preset.tracing;
  if (!enabled) {
    const given = (['samplingRatio', 'collectorMemoryMiB'] as const).find((f) => options[f] !== undefined);
    if (given) {
      throw invalidProp(
        scope,
        `tracing.${given}`,
        `it sets up tracing, which is off (${options.enabled === false ? 'tracing.enabled is false' : `the ${preset.name} preset`})`,
        'Give tracing: { enabled: true }, or remove it.',
      );
    }
    return undefined;
  }

  const ratio = options.samplingRatio;
  requireLiteral(scope, 'tracing.samplingRatio', ratio, 'a number from 0 to 1');
  if (ratio !== undefined && (!Number.isFinite(ratio) || ratio < 0 || ratio > 1)) {
    throw invalidProp(
      scope,
      'tracing.samplingRatio',
      `${ratio} is not a share from 0 to 1`,
      'Give 0.05 to record one new trace in 20, 1 to record all.',
    );
  }
  checkWholeNumber(
    scope,
    'tracing.collectorMemoryMiB',
    options.collectorMemoryMiB,
    TRACING_DEFAULTS.minCollectorMemoryMiB,
    8192,
    'MiB',
    `The collector needs ${TRACING_DEFAULTS.minCollectorMemoryMiB} MiB or more to batch traces; 128 suits a shop's services.`,
  );
  const memory = options.collectorMemoryMiB ?? TRACING_DEFAULTS.collectorMemoryMiB;
  for (const plan of plans) {
    if (memory * 2 > plan.memoryMiB) {
      throw invalidProp(
        scope,
        'tracing.collectorMemoryMiB',
        `${memory} MiB is more than half the ${plan.memoryMiB} MiB task of the ${plan.name} service, whose app container would keep ${plan.memoryMiB - memory} MiB`,
        `Give at most ${Math.floor(plan.memoryMiB / 2)} MiB, or a larger ${plan.settingsProp}.memoryLimitMiB.`,
      );
    }
  }
  return { samplingRatio: ratio ?? TRACING_DEFAULTS.samplingRatio, collectorMemoryMiB: memory };
}
