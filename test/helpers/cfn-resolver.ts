/**
 * Evaluates a synthesized template's values for one region as CloudFormation does at deploy
 * time: pseudo parameters, `Fn::FindInMap`, `Fn::If` with the template's conditions
 * (`Fn::Equals`, `Fn::Or`, `Fn::And`, `Fn::Not`, `Condition`), `Fn::Join` and `Fn::Select`, and
 * `AWS::NoValue` dropping the key or list element it stands in. References to resources and
 * parameters stay symbolic (`<Ref:Id>`, `<Id.Attr>`), so values from two templates compare.
 *
 * A `Fn::FindInMap` without an entry for the key throws, as the deployment would fail, also in
 * the branch an `Fn::If` does not take.
 */
export class CfnResolver {
  constructor(
    private readonly template: { Mappings?: any; Conditions?: any },
    private readonly region: string,
    private readonly accountId = '111122223333',
  ) {}

  /** The partition of the region (`aws`, `aws-cn`, `aws-us-gov`). */
  public get partition(): string {
    if (this.region.startsWith('cn-')) return 'aws-cn';
    if (this.region.startsWith('us-gov-')) return 'aws-us-gov';
    return 'aws';
  }

  /** The value with every intrinsic function resolved. */
  public resolve(value: unknown): unknown {
    const resolved = this.evaluate(value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** Whether the named condition of the template holds in this region. */
  public condition(name: string): boolean {
    const expression = this.template.Conditions?.[name];
    if (expression === undefined) throw new Error(`no condition ${name} in the template`);
    return this.truth(expression);
  }

  private evaluate(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.evaluate(v)).filter((v) => v !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [key, arg] = entries[0];
      if (key === 'Ref') return this.ref(arg as string);
      if (key === 'Fn::GetAtt') return `<${(arg as string[]).join('.')}>`;
      if (key === 'Fn::If') {
        // both branches are resolved, as CloudFormation does: a Fn::FindInMap of a missing key
        // fails the deployment in the branch not taken too (aws-cloudformation-templates#271)
        const [condition, whenTrue, whenFalse] = arg as [string, unknown, unknown];
        const [ifTrue, ifFalse] = [this.evaluate(whenTrue), this.evaluate(whenFalse)];
        return this.condition(condition) ? ifTrue : ifFalse;
      }
      if (key === 'Fn::FindInMap') return this.findInMap(arg as unknown[]);
      if (key === 'Fn::Join') {
        const [separator, parts] = arg as [string, unknown[]];
        return (this.evaluate(parts) as unknown[]).map((p) => this.scalar(p)).join(separator);
      }
      if (key === 'Fn::Select') {
        const [index, list] = arg as [unknown, unknown];
        return (this.evaluate(list) as unknown[])[Number(this.evaluate(index))];
      }
      if (key.startsWith('Fn::')) throw new Error(`the resolver does not know ${key}`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of entries) {
      const resolved = this.evaluate(v);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  private ref(name: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return this.accountId;
      case 'AWS::Partition':
        return this.partition;
      case 'AWS::URLSuffix':
        return this.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        return `<Ref:${name}>`;
    }
  }

  private findInMap(args: unknown[]): unknown {
    const [map, key1, key2] = args.map((a) => this.scalar(this.evaluate(a)));
    const value = this.template.Mappings?.[map]?.[key1]?.[key2];
    if (value === undefined) throw new Error(`Fn::FindInMap: mapping ${map} has no ${key1}.${key2}`);
    return value;
  }

  private truth(expression: any): boolean {
    const [key, arg] = Object.entries(expression)[0] as [string, any];
    switch (key) {
      case 'Fn::Equals':
        return this.scalar(this.evaluate(arg[0])) === this.scalar(this.evaluate(arg[1]));
      case 'Fn::Or':
        return (arg as any[]).some((c) => this.truth(c));
      case 'Fn::And':
        return (arg as any[]).every((c) => this.truth(c));
      case 'Fn::Not':
        return !this.truth(arg[0]);
      case 'Condition':
        return this.condition(arg);
      default:
        throw new Error(`the resolver does not know the condition function ${key}`);
    }
  }

  private scalar(value: unknown): string {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new Error(`expected a string, got ${JSON.stringify(value)}`);
    }
    return String(value);
  }
}

const NO_VALUE = Symbol('AWS::NoValue');
