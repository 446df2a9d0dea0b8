import { props, str } from '../cfn';

/**
 * How many of its requests a task definition's OpenTelemetry SDK records as traces, read from the
 * environment of its app containers (every container that sets an `OTEL_` variable):
 * `OTEL_TRACES_SAMPLER` (default `parentbased_always_on`) and, for the ratio samplers,
 * `OTEL_TRACES_SAMPLER_ARG` (a probability from 0 to 1, default 1.0). `always_off` and
 * `parentbased_always_off` record nothing; every other sampler (`always_on`, `xray`,
 * `jaeger_remote`, a deploy-time value) is taken to record every request. With several app
 * containers, the largest ratio.
 *
 * @see https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/#general-sdk-configuration
 */
export interface TraceSampling {
  /** The share of requests recorded, 0 to 1. */
  readonly ratio: number;
  /** Where the ratio comes from, for the line's assumption. */
  readonly source: string;
}

const DEFAULT_SAMPLER = 'parentbased_always_on';
const RATIO_SAMPLERS = ['traceidratio', 'parentbased_traceidratio'];
const OFF_SAMPLERS = ['always_off', 'parentbased_always_off'];

/** A container's literal environment variables (a deploy-time value is left out). */
function environmentOf(container: any): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const entry of Array.isArray(container?.Environment) ? container.Environment : []) {
    const name = str(entry?.Name);
    if (name) out[name] = str(entry?.Value);
  }
  return out;
}

/** One container's sampling, or undefined when it sets no `OTEL_` variable. */
function containerSampling(container: any): TraceSampling | undefined {
  const environment = environmentOf(container);
  if (!Object.keys(environment).some((name) => name.startsWith('OTEL_'))) return undefined;
  const name = str(container?.Name) ?? '(unnamed)';
  const sampler = 'OTEL_TRACES_SAMPLER' in environment ? environment.OTEL_TRACES_SAMPLER : DEFAULT_SAMPLER;
  if (sampler === undefined) {
    return {
      ratio: 1,
      source: `container ${name}'s OTEL_TRACES_SAMPLER is a deploy-time value: every request`,
    };
  }
  if (OFF_SAMPLERS.includes(sampler)) {
    return { ratio: 0, source: `container ${name}'s OTEL_TRACES_SAMPLER ${sampler}: no request` };
  }
  if (!RATIO_SAMPLERS.includes(sampler)) {
    return { ratio: 1, source: `container ${name}'s OTEL_TRACES_SAMPLER ${sampler}: every request` };
  }
  const arg = environment.OTEL_TRACES_SAMPLER_ARG;
  const ratio = arg !== undefined && arg.trim() !== '' ? Number(arg) : NaN;
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    // the SDKs fall back to 1.0 when the argument is missing or not a probability
    return {
      ratio: 1,
      source: `container ${name}'s ${sampler} without a probability in OTEL_TRACES_SAMPLER_ARG: every request`,
    };
  }
  return { ratio, source: `container ${name}'s ${sampler}, OTEL_TRACES_SAMPLER_ARG ${arg}` };
}

/** The sampling of a task definition's app containers; every request when none sets an `OTEL_` variable. */
export function traceSampling(taskDefinition: any): TraceSampling {
  const containers: any[] = Array.isArray(props(taskDefinition).ContainerDefinitions)
    ? props(taskDefinition).ContainerDefinitions
    : [];
  const found = containers
    .map(containerSampling)
    .filter((s): s is TraceSampling => s !== undefined)
    .sort((a, b) => b.ratio - a.ratio);
  return (
    found[0] ?? {
      ratio: 1,
      source: `no container sets OTEL_TRACES_SAMPLER: the SDKs' default ${DEFAULT_SAMPLER} records every request`,
    }
  );
}
