import { num, props, referencedIds, references, refTarget, Resources, str } from '../cfn';
import { apiShare } from './api-gateway';
import { fmt, lines, notPriced, Pricer, PricerFamily, PricingContext } from './helpers';

function isCustomResource(type: unknown): boolean {
  return (
    typeof type === 'string' &&
    (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource')
  );
}

/** Types whose references to a function grant access to it or hold its logs: none invokes it. */
const NON_INVOKING_TYPES = [
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::Role',
  'AWS::Logs::LogGroup',
];

/** Whether an ECS service references `fn` only as a deployment lifecycle hook (run per deployment). */
function onlyAsLifecycleHook(resource: any, fn: string): boolean {
  if (resource?.Type !== 'AWS::ECS::Service') return false;
  const p = props(resource);
  const hooks = p.DeploymentConfiguration?.LifecycleHooks;
  if (!references(hooks, fn)) return false;
  const rest = { ...p, DeploymentConfiguration: { ...p.DeploymentConfiguration, LifecycleHooks: undefined } };
  return !references(rest, fn);
}

/**
 * Functions and state machines that run only when the stack deploys: the ServiceToken of a custom
 * resource (or, for a state machine, anything a custom resource references), an ECS service's
 * deployment lifecycle hook, or called only by such a function or state machine (the user handler
 * of a custom resource provider framework, the framework's waiter and its isComplete / onTimeout
 * handlers), and otherwise referenced only by IAM and log groups. Any other reference (an event
 * source, an EventBridge target, a permission for a service, a custom resource property such as a
 * bucket notification) counts as a use at run time.
 */
export function deployOnlyFunctions(resources: Resources): Map<string, string> {
  const found = new Map<string, string>();
  const candidates = Object.keys(resources).filter(
    (id) =>
      resources[id]?.Type === 'AWS::Lambda::Function' ||
      resources[id]?.Type === 'AWS::StepFunctions::StateMachine',
  );
  // what each resource's properties refer to, walked once (the loop below asks many times)
  const refs = new Map(Object.entries(resources).map(([id, r]) => [id, referencedIds(props(r))]));
  let grew = true;
  while (grew) {
    grew = false;
    for (const fn of candidates) {
      if (found.has(fn)) continue;
      const isFunction = resources[fn]?.Type === 'AWS::Lambda::Function';
      const tokenOf: string[] = [];
      const hookOf: string[] = [];
      const calledBy: string[] = [];
      let runtimeUse = false;
      for (const [id, r] of Object.entries(resources)) {
        if (id === fn || !refs.get(id)!.has(fn)) continue;
        if (isCustomResource(r?.Type) && (!isFunction || refTarget(props(r).ServiceToken) === fn)) {
          tokenOf.push(id);
        } else if (found.has(id)) {
          calledBy.push(id);
        } else if (isFunction && onlyAsLifecycleHook(r, fn)) {
          hookOf.push(id);
        } else if (!NON_INVOKING_TYPES.includes(r?.Type)) {
          runtimeUse = true;
          break;
        }
      }
      if (runtimeUse || tokenOf.length + hookOf.length + calledBy.length === 0) continue;
      const by = [
        ...(tokenOf.length > 0
          ? [
              isFunction
                ? `as the ServiceToken of custom resource(s) ${tokenOf.join(', ')}`
                : `started by custom resource(s) ${tokenOf.join(', ')}`,
            ]
          : []),
        ...(hookOf.length > 0
          ? [`as a deployment lifecycle hook of ECS service(s) ${hookOf.join(', ')}`]
          : []),
        ...(calledBy.length > 0
          ? [`called by the custom resource provider function(s) ${calledBy.join(', ')}`]
          : []),
      ].join('; ');
      found.set(
        fn,
        `runs only when ${hookOf.length > 0 ? 'a service' : 'the stack'} deploys, ${by}: well under a cent a month, not estimated`,
      );
      grew = true;
    }
  }
  return found;
}

const LAMBDA_SHARE = 'lambda';

/** Seconds in a month of 730 hours. */
const SECONDS_PER_MONTH = 730 * 3600;

/**
 * The traces X-Ray records of a function with active tracing: Lambda samples the first request
 * each second and 5 % of the others (not configurable for Lambda), with the invocations taken as
 * even over the month (peaks record fewer per request).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
 */
export function activeTracingTraces(invocations: number): number {
  const perSecond = invocations / SECONDS_PER_MONTH;
  return perSecond <= 1 ? invocations : SECONDS_PER_MONTH * (1 + 0.05 * (perSecond - 1));
}

/**
 * A function's invocations a month: a function an API integrates gets its even share of each such
 * API's requests (the template does not say which routes are called most); any other its even
 * share of `functionInvocationsPerMonth`.
 */
function invocationsOf(id: string, ctx: PricingContext): { invocations: number; split: string } {
  const apis = ctx.facts.apiRoutes.apisByFunction.get(id);
  if (apis === undefined) {
    const n = ctx.share(LAMBDA_SHARE);
    const invocations = ctx.assumptions.functionInvocationsPerMonth / n;
    return {
      invocations,
      split:
        `functionInvocationsPerMonth ${fmt(ctx.assumptions.functionInvocationsPerMonth)} split evenly over ${n} function(s)` +
        (n > 1 ? ` = ${fmt(invocations)} per function` : ''),
    };
  }
  const { requests, why } = apiShare(ctx);
  let invocations = 0;
  const parts: string[] = [];
  for (const api of apis) {
    const fns = ctx.facts.apiRoutes.functionsByApi.get(api)!.length;
    invocations += requests / fns;
    parts.push(`${fmt(requests)} requests of API ${api} split evenly over its ${fns} function(s)`);
  }
  return { invocations, split: `integrated by an API: ${why}; ${parts.join(' + ')} = ${fmt(invocations)}` };
}

const lambdaFunction: Pricer = (id, resource, ctx) => {
  const deployOnly = ctx.facts.deployOnlyFunctions.get(id);
  if (deployOnly) {
    return { kind: 'free', reason: deployOnly };
  }
  const p = props(resource);
  const notes: string[] = [];
  const literalMemory = num(p.MemorySize);
  const memoryMb = literalMemory ?? 128;
  if (literalMemory === undefined) {
    notes.push(
      p.MemorySize === undefined ? 'MemorySize not set: 128 MB' : 'MemorySize not a literal: assumed 128 MB',
    );
  }
  const architectures = Array.isArray(p.Architectures) ? p.Architectures.map((a: unknown) => str(a)) : [];
  const arm = architectures.length === 1 && architectures[0] === 'arm64';
  if (p.Architectures !== undefined && !arm && architectures[0] !== 'x86_64') {
    notes.push('Architectures not a literal: priced as x86_64');
  }
  const arch = arm ? 'arm' : 'x86';
  const { invocations, split } = invocationsOf(id, ctx);
  const ms = ctx.assumptions.functionDurationMs;
  const gb = memoryMb / 1024;
  return lines(
    {
      description: 'Lambda requests',
      priceKey: 'lambda.requests.perMillion',
      quantity: invocations / 1e6,
      unit: 'million requests',
      assumption: split,
    },
    {
      description: `Lambda ${arch} compute (${fmt(memoryMb)} MB)`,
      priceKey: `lambda.${arch}.gbSecond`,
      quantity: invocations * (ms / 1000) * gb,
      unit: 'GB-seconds',
      assumption: [
        `${fmt(invocations)} invocations × functionDurationMs ${fmt(ms)} ms × ${fmt(gb)} GB (MemorySize ${fmt(memoryMb)} MB)`,
        ...notes,
        'provisioned concurrency and ephemeral storage above 512 MB not priced',
      ].join('; '),
    },
    str(p.TracingConfig?.Mode) === 'Active'
      ? {
          description: 'X-Ray traces recorded (active tracing)',
          priceKey: 'xray.tracesRecorded.perMillion',
          quantity: activeTracingTraces(invocations) / 1e6,
          unit: 'million traces',
          assumption:
            `TracingConfig Active: the first of its ${fmt(invocations)} invocations each second and 5 % of the others, ` +
            `taken as even over the month = ${fmt(activeTracingTraces(invocations))} traces; traces retrieved or scanned not priced`,
        }
      : undefined,
  );
};

const STATE_MACHINE_SHARE = 'stepfunctions';

/** A Standard workflow, priced on its share of `stateTransitionsPerMonth`; Express ones are not priced. */
const stateMachine: Pricer = (id, resource, ctx) => {
  const deployOnly = ctx.facts.deployOnlyFunctions.get(id);
  if (deployOnly) {
    return { kind: 'free', reason: deployOnly };
  }
  const type = props(resource).StateMachineType;
  if (type !== undefined && str(type) !== 'STANDARD') {
    return notPriced(
      str(type) === 'EXPRESS'
        ? 'an Express workflow: priced per request and GB-second, not in the price table'
        : 'StateMachineType not a literal',
    );
  }
  const n = ctx.share(STATE_MACHINE_SHARE);
  const transitions = ctx.assumptions.stateTransitionsPerMonth / n;
  return lines({
    description: 'Step Functions state transitions (Standard)',
    priceKey: 'stepfunctions.standard.perThousandTransitions',
    quantity: transitions / 1000,
    unit: 'thousand state transitions',
    assumption:
      `stateTransitionsPerMonth ${fmt(ctx.assumptions.stateTransitionsPerMonth)} split evenly over ${n} state machine(s)` +
      (n > 1 ? ` = ${fmt(transitions)} per state machine` : ''),
  });
};

/** Lambda functions (those that run only on deploy are free) and Step Functions state machines. */
export const SERVERLESS: PricerFamily = {
  pricers: {
    'AWS::Lambda::Function': lambdaFunction,
    'AWS::StepFunctions::StateMachine': stateMachine,
  },
  shareRules: {
    'AWS::Lambda::Function': (id, _r, facts) =>
      facts.deployOnlyFunctions.has(id) || facts.apiRoutes.apisByFunction.has(id) ? undefined : LAMBDA_SHARE,
    'AWS::StepFunctions::StateMachine': (id, r, facts) =>
      !facts.deployOnlyFunctions.has(id) &&
      (props(r).StateMachineType === undefined || str(props(r).StateMachineType) === 'STANDARD')
        ? STATE_MACHINE_SHARE
        : undefined,
  },
  free: {
    'AWS::Lambda::Permission': 'no charge',
    'AWS::Lambda::LayerVersion': 'no charge (priced on the functions that use it)',
    'AWS::Lambda::LayerVersionPermission': 'no charge',
    'AWS::Lambda::Version': 'no charge (invocations are priced on the function)',
    'AWS::Lambda::Alias': 'no charge (invocations are priced on the function)',
    'AWS::Lambda::Url': 'no charge of its own (invocations are priced on the function)',
    'AWS::Lambda::EventSourceMapping': 'no charge of its own',
  },
  priceKeys: [
    'lambda.requests.perMillion',
    'lambda.x86.gbSecond',
    'lambda.arm.gbSecond',
    'xray.tracesRecorded.perMillion',
    'stepfunctions.standard.perThousandTransitions',
  ],
};
