/** Helpers to read literal values out of a synthesized CloudFormation template. */
import { Token } from 'aws-cdk-lib';

export type Resources = { [logicalId: string]: any };

/** A string when the value is a literal string (or number), else undefined (an intrinsic). */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return Token.isUnresolved(value) ? undefined : value;
  }
  if (typeof value === 'number' && Number.isFinite(value) && !Token.isUnresolved(value)) {
    return String(value);
  }
  return undefined;
}

/** A number when the value is a literal number or numeric string, else undefined. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && !Token.isUnresolved(value) ? value : undefined;
  }
  if (
    typeof value === 'string' &&
    value.trim() !== '' &&
    !Token.isUnresolved(value) &&
    Number.isFinite(Number(value))
  ) {
    return Number(value);
  }
  return undefined;
}

/** true / false for literal booleans (or 'true' / 'false'), else undefined. */
export function bool(value: unknown): boolean | undefined {
  if (value === true || value === 'true') {
    return true;
  }
  if (value === false || value === 'false') {
    return false;
  }
  return undefined;
}

/** The logical ID a `Ref` or `Fn::GetAtt` points at, else undefined. */
export function refTarget(value: unknown): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as any;
    if (typeof v.Ref === 'string') {
      return v.Ref;
    }
    const getAtt = v['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
      return getAtt[0];
    }
    if (typeof getAtt === 'string') {
      return getAtt.split('.')[0];
    }
  }
  return undefined;
}

/** Every logical ID a Ref or GetAtt anywhere inside `value` points at (one walk, for many lookups). */
export function referencedIds(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((v) => referencedIds(v, into));
  } else if (value && typeof value === 'object') {
    const id = refTarget(value);
    if (id !== undefined) into.add(id);
    Object.values(value as object).forEach((v) => referencedIds(v, into));
  }
  return into;
}

/** True when `value` contains a Ref or GetAtt to `logicalId` anywhere inside it. */
export function references(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) {
    return value.some((v) => references(v, logicalId));
  }
  if (value && typeof value === 'object') {
    if (refTarget(value) === logicalId) {
      return true;
    }
    return Object.values(value as object).some((v) => references(v, logicalId));
  }
  return false;
}

/**
 * The paths of the values under `value` that are CDK tokens (encoded as `${Token[...]}` strings
 * or as numbers such as -1.888e+289): a template that was not resolved (`Stack.resolve`, or
 * synthesized) holds them where a value is only known later.
 */
export function tokenPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string' || typeof value === 'number') {
    return Token.isUnresolved(value) ? [path] : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => tokenPaths(v, `${path}[${i}]`));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => tokenPaths(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/** Properties of a resource ({} when absent). */
export function props(resource: any): any {
  return (resource && typeof resource.Properties === 'object' && resource.Properties) || {};
}

/** The resource a Ref/GetAtt points at, when it is in the template. */
export function target(resources: Resources, value: unknown): { id: string; resource: any } | undefined {
  const id = refTarget(value);
  return id && resources[id] ? { id, resource: resources[id] } : undefined;
}
