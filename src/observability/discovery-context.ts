import { CfnResource, Stack } from 'aws-cdk-lib';

/*
 * What discovery needs to relate one resource to another: the stack's CloudFormation resources by
 * type and logical id, and the logical ids a property value refers to (`Ref` or `Fn::GetAtt`),
 * read from the value as CloudFormation will see it. Logical ids are worked out only for the
 * types asked about (each costs a hash of the construct path), and each once.
 */

/** A stack's resources, and how to read the references in their properties. */
export class DiscoveryContext {
  private readonly byType = new Map<string, CfnResource[]>();
  private readonly ids = new Map<CfnResource, string>();
  private readonly byIdOfType = new Map<string, Map<string, CfnResource>>();

  constructor(
    public readonly stack: Stack,
    resources: CfnResource[],
  ) {
    for (const r of resources) {
      const list = this.byType.get(r.cfnResourceType) ?? [];
      list.push(r);
      this.byType.set(r.cfnResourceType, list);
    }
  }

  /** Every resource of the stack, by type. */
  public get types(): IterableIterator<[string, CfnResource[]]> {
    return this.byType.entries();
  }

  /** The logical id of a resource of the stack. */
  public logicalId(resource: CfnResource): string {
    let id = this.ids.get(resource);
    if (id === undefined) {
      id = this.stack.resolve(resource.logicalId) as string;
      this.ids.set(resource, id);
    }
    return id;
  }

  /** The resource of `type` with logical id `id`, if any. */
  public resourceOf(type: string, id: string): CfnResource | undefined {
    let byId = this.byIdOfType.get(type);
    if (!byId) {
      byId = new Map(this.ofType(type).map((r) => [this.logicalId(r), r]));
      this.byIdOfType.set(type, byId);
    }
    return byId.get(id);
  }

  /** The value as CloudFormation sees it (tokens resolved to `Ref`, `Fn::GetAtt`...). */
  public resolve(value: unknown): any {
    return value === undefined ? undefined : this.stack.resolve(value);
  }

  /**
   * The logical ids `value` refers to, with the attribute (`Ref` for a `Ref`), anywhere in it.
   */
  public references(value: unknown): { id: string; attribute: string }[] {
    const found: { id: string; attribute: string }[] = [];
    const walk = (v: any): void => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (v === null || typeof v !== 'object') return;
      if (typeof v.Ref === 'string') found.push({ id: v.Ref, attribute: 'Ref' });
      const getAtt = v['Fn::GetAtt'];
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
        found.push({ id: getAtt[0], attribute: String(getAtt[1]) });
      }
      Object.values(v).forEach(walk);
    };
    walk(this.resolve(value));
    return found;
  }

  /** The resources `value` refers to whose CloudFormation type is `type`. */
  public referenced<T extends CfnResource>(value: unknown, type: string): T[] {
    return this.references(value)
      .map((ref) => this.resourceOf(type, ref.id))
      .filter((r): r is T => r !== undefined);
  }

  /** True when `value` refers to `resource` (by `Ref` or any attribute). */
  public refersTo(value: unknown, resource: CfnResource): boolean {
    const id = this.logicalId(resource);
    return this.references(value).some((ref) => ref.id === id);
  }

  /** The stack's resources of a CloudFormation type. */
  public ofType<T extends CfnResource>(type: string): T[] {
    return (this.byType.get(type) ?? []) as T[];
  }

  /** The raw properties of a resource (for types without an L1 class here, e.g. custom resources). */
  public propertiesOf(resource: CfnResource): { [name: string]: unknown } {
    return ((resource as any)._cfnProperties ?? {}) as { [name: string]: unknown };
  }
}
