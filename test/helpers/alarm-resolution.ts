/**
 * Reads the alarms of synthesized templates as CloudWatch will see them: for each
 * `AWS::CloudWatch::Alarm` its metric, or every `MetricStat` of its `Metrics[]` and its
 * expressions, with each dimension value resolved to what it references (`Ref`, `Fn::GetAtt`,
 * `Fn::Join`, `Fn::Select`/`Fn::Split`, `Fn::Sub`, `Fn::ImportValue` through the exporting
 * stack, literals), and the region the alarm is in. For each `AWS::CloudWatch::CompositeAlarm`,
 * the alarms its rule names.
 */

/** A piece of a resolved value. */
export type ValuePart =
  | { readonly literal: string }
  /** `Ref` (attribute `Ref`) or `Fn::GetAtt` of a resource of a template. */
  | { readonly stack: string; readonly logicalId: string; readonly type: string; readonly attribute: string }
  | { readonly pseudo: string }
  | { readonly parameter: string }
  /** Something the resolver cannot follow (e.g. `Fn::Split` of an ARN known at deploy time only). */
  | { readonly unresolved: string };

/** A value as a sequence of parts (literals merged). */
export type ResolvedValue = readonly ValuePart[];

export interface ResolvedMetric {
  /** The query id in `Metrics[]`; undefined for an alarm on one metric. */
  readonly id?: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: string;
  readonly periodSeconds: number;
  readonly dimensions: { readonly name: string; readonly value: ResolvedValue }[];
}

export interface ResolvedAlarm {
  readonly stack: string;
  readonly logicalId: string;
  /** The construct path, else the logical id. */
  readonly path: string;
  readonly alarmName?: string;
  readonly metrics: ResolvedMetric[];
  readonly expressions: { readonly id: string; readonly expression: string; readonly returnData: boolean }[];
  /** The region the alarm is created in; undefined for an environment-agnostic stack. */
  readonly region?: string;
}

export interface ResolvedComposite {
  readonly stack: string;
  readonly logicalId: string;
  readonly path: string;
  /** Each `ALARM(…)`/`OK(…)`/`INSUFFICIENT_DATA(…)` operand of the rule. */
  readonly operands: ValuePart[][];
}

/** One synthesized stack: its name, template and region (undefined when environment-agnostic). */
export interface StackTemplate {
  readonly name: string;
  readonly template: any;
  readonly region?: string;
}

/** Resolves values of one template, following `Fn::ImportValue` into the others. */
export class TemplateResolver {
  constructor(
    private readonly stack: StackTemplate,
    private readonly all: readonly StackTemplate[] = [stack],
  ) {}

  public resolve(value: unknown): ResolvedValue {
    return merge(this.parts(value));
  }

  private parts(value: unknown): ValuePart[] {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return [{ literal: String(value) }];
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return [{ unresolved: JSON.stringify(value) }];
    }
    const [key, arg] = Object.entries(value as Record<string, any>)[0] ?? [];
    switch (key) {
      case 'Ref':
        return [this.ref(arg, 'Ref')];
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split(/\.(.+)/);
        return [this.ref(id, attribute)];
      }
      case 'Fn::Join': {
        const [separator, items] = arg as [string, unknown[]];
        if (!Array.isArray(items)) return [{ unresolved: JSON.stringify(value) }];
        return items.flatMap((item, i) =>
          i === 0 ? this.parts(item) : [{ literal: separator }, ...this.parts(item)],
        );
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const items = this.list(list);
        const at = Number(this.literal(this.resolve(index)));
        if (items === undefined || Number.isNaN(at) || items[at] === undefined) {
          return [{ unresolved: JSON.stringify(value) }];
        }
        return [...items[at]];
      }
      case 'Fn::Sub':
        return this.sub(arg);
      case 'Fn::ImportValue':
        return this.importValue(arg);
      default:
        return [{ unresolved: JSON.stringify(value) }];
    }
  }

  /** A list value: a literal array, or `Fn::Split` of a fully literal string. */
  private list(value: unknown): ResolvedValue[] | undefined {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    const split = (value as any)?.['Fn::Split'];
    if (split) {
      const text = this.literal(this.resolve(split[1]));
      if (text === undefined) return undefined;
      return text.split(split[0]).map((s) => [{ literal: s }]);
    }
    return undefined;
  }

  private literal(value: ResolvedValue): string | undefined {
    if (value.length === 1 && 'literal' in value[0]) return value[0].literal;
    return value.length === 0 ? '' : undefined;
  }

  private ref(id: string, attribute: string): ValuePart {
    if (id.startsWith('AWS::')) {
      return id === 'AWS::Region' && this.stack.region ? { literal: this.stack.region } : { pseudo: id };
    }
    const resource = this.stack.template.Resources?.[id];
    if (resource) return { stack: this.stack.name, logicalId: id, type: resource.Type, attribute };
    if (this.stack.template.Parameters?.[id]) return { parameter: id };
    return { unresolved: `${id}.${attribute}` };
  }

  private sub(arg: unknown): ValuePart[] {
    const [text, vars] = Array.isArray(arg)
      ? (arg as [string, Record<string, unknown>])
      : [arg as string, {}];
    const out: ValuePart[] = [];
    let last = 0;
    for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
      out.push({ literal: text.slice(last, m.index) });
      const name = m[1];
      if (vars && name in vars) out.push(...this.parts(vars[name]));
      else if (name.includes('.')) out.push(this.ref(name.split('.')[0], name.split('.').slice(1).join('.')));
      else out.push(this.ref(name, 'Ref'));
      last = (m.index ?? 0) + m[0].length;
    }
    out.push({ literal: text.slice(last) });
    return out;
  }

  private importValue(arg: unknown): ValuePart[] {
    const name = this.literal(this.resolve(arg));
    for (const other of this.all) {
      for (const output of Object.values<any>(other.template.Outputs ?? {})) {
        const exported = output.Export?.Name;
        if (
          exported !== undefined &&
          name !== undefined &&
          new TemplateResolver(other, this.all).literal(
            new TemplateResolver(other, this.all).resolve(exported),
          ) === name
        ) {
          return [...new TemplateResolver(other, this.all).resolve(output.Value)];
        }
      }
    }
    return [{ unresolved: `Fn::ImportValue ${name ?? JSON.stringify(arg)}` }];
  }
}

function merge(parts: ValuePart[]): ValuePart[] {
  const out: ValuePart[] = [];
  for (const p of parts) {
    const prev = out[out.length - 1];
    if ('literal' in p && p.literal === '') continue;
    if ('literal' in p && prev && 'literal' in prev) {
      out[out.length - 1] = { literal: prev.literal + p.literal };
    } else {
      out.push(p);
    }
  }
  return out;
}

/** A value for messages: literals as they are, references as `<Type Id.Attr>`. */
export function describeValue(value: ResolvedValue): string {
  return value
    .map((p) => {
      if ('literal' in p) return p.literal;
      if ('logicalId' in p) return `<${p.type} ${p.logicalId}.${p.attribute}>`;
      if ('pseudo' in p) return `<${p.pseudo}>`;
      if ('parameter' in p) return `<parameter ${p.parameter}>`;
      return `<unresolved ${p.unresolved}>`;
    })
    .join('');
}

/** The region a stack's alarms are in: its own, or us-east-1 when a template rule requires it. */
export function stackRegion(stack: { region?: string; template: any }): string | undefined {
  if (stack.region) return stack.region;
  for (const rule of Object.values<any>(stack.template.Rules ?? {})) {
    if (rule.RuleCondition) continue;
    for (const assertion of rule.Assertions ?? []) {
      const equals = assertion.Assert?.['Fn::Equals'];
      if (!equals) continue;
      const [a, b] = equals;
      if (a?.Ref === 'AWS::Region' && typeof b === 'string') return b;
      if (b?.Ref === 'AWS::Region' && typeof a === 'string') return a;
    }
  }
  return undefined;
}

/** Every alarm of the stacks, resolved. */
export function resolveAlarms(stacks: readonly StackTemplate[]): ResolvedAlarm[] {
  const out: ResolvedAlarm[] = [];
  for (const stack of stacks) {
    const resolver = new TemplateResolver(stack, stacks);
    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::CloudWatch::Alarm') continue;
      const p = resource.Properties ?? {};
      const dimensions = (list: any[] | undefined) =>
        (list ?? []).map((d) => ({ name: String(d.Name), value: resolver.resolve(d.Value) }));
      const metrics: ResolvedMetric[] = [];
      const expressions: ResolvedAlarm['expressions'] = [];
      if (p.MetricName !== undefined) {
        metrics.push({
          namespace: p.Namespace,
          metricName: p.MetricName,
          statistic: p.Statistic ?? p.ExtendedStatistic,
          periodSeconds: Number(p.Period),
          dimensions: dimensions(p.Dimensions),
        });
      }
      for (const q of p.Metrics ?? []) {
        if (q.MetricStat) {
          metrics.push({
            id: q.Id,
            namespace: q.MetricStat.Metric.Namespace,
            metricName: q.MetricStat.Metric.MetricName,
            statistic: q.MetricStat.Stat,
            periodSeconds: Number(q.MetricStat.Period),
            dimensions: dimensions(q.MetricStat.Metric.Dimensions),
          });
        } else {
          expressions.push({ id: q.Id, expression: q.Expression, returnData: q.ReturnData !== false });
        }
      }
      out.push({
        stack: stack.name,
        logicalId,
        path: resource.Metadata?.['aws:cdk:path'] ?? logicalId,
        alarmName: typeof p.AlarmName === 'string' ? p.AlarmName : undefined,
        metrics,
        expressions,
        region: stackRegion(stack),
      });
    }
  }
  return out;
}

/** Every composite alarm of the stacks, with the operands of its rule. */
export function resolveComposites(stacks: readonly StackTemplate[]): ResolvedComposite[] {
  const out: ResolvedComposite[] = [];
  for (const stack of stacks) {
    const resolver = new TemplateResolver(stack, stacks);
    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::CloudWatch::CompositeAlarm') continue;
      const rule = resolver.resolve(resource.Properties?.AlarmRule);
      out.push({
        stack: stack.name,
        logicalId,
        path: resource.Metadata?.['aws:cdk:path'] ?? logicalId,
        operands: ruleOperands(rule),
      });
    }
  }
  return out;
}

/** The operands of `ALARM(x)`, `OK(x)` and `INSUFFICIENT_DATA(x)` in a resolved rule. */
export function ruleOperands(rule: ResolvedValue): ValuePart[][] {
  // references become placeholders so the rule can be read as text
  const refs: ValuePart[] = [];
  const text = rule.map((p) => ('literal' in p ? p.literal : `\u0000${refs.push(p) - 1}\u0000`)).join('');
  const operands: ValuePart[][] = [];
  for (const m of text.matchAll(/\b(?:ALARM|OK|INSUFFICIENT_DATA)\(\s*("?)([^"()]*)\1\s*\)/g)) {
    const parts = m[2]
      .split(/\u0000(\d+)\u0000/)
      .map((piece, i) => (i % 2 ? refs[Number(piece)] : { literal: piece }));
    operands.push(merge(parts));
  }
  return operands;
}
