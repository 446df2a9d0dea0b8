/**
 * The deploy order CloudFormation follows, read from a template: a resource waits for every
 * resource it names in DependsOn, Ref or Fn::GetAtt (Fn::Sub's ${Name} too).
 */

/** The logical ids a resource waits for directly. */
export function directDependencies(template: any, id: string): Set<string> {
  const resources = template.Resources as Record<string, any>;
  const resource = resources[id];
  const found = new Set<string>();
  const dependsOn = resource.DependsOn;
  for (const d of Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []) found.add(d);
  const visit = (node: any): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Ref' && typeof value === 'string') {
          found.add(value);
        } else if (key === 'Fn::GetAtt') {
          found.add(Array.isArray(value) ? value[0] : String(value).split('.')[0]);
        } else if (key === 'Fn::Sub') {
          const text = Array.isArray(value) ? value[0] : value;
          for (const m of String(text).matchAll(/\$\{([A-Za-z0-9]+)(\.[^}]*)?\}/g)) found.add(m[1]);
          if (Array.isArray(value)) visit(value[1]);
        } else {
          visit(value);
        }
      }
    }
  };
  visit(resource.Properties ?? {});
  for (const d of [...found]) if (!(d in resources)) found.delete(d); // parameters, pseudo parameters
  return found;
}

/** Whether `from` waits for `to`, directly or through other resources. */
export function waitsFor(template: any, from: string, to: string): boolean {
  return path(template, from, to) !== undefined;
}

/** One chain of resources from `from` to `to` along dependencies, if there is one. */
export function path(template: any, from: string, to: string): string[] | undefined {
  const previous = new Map<string, string>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (id === to) {
      const chain = [id];
      while (previous.has(chain[0])) chain.unshift(previous.get(chain[0])!);
      return chain;
    }
    for (const next of directDependencies(template, id)) {
      if (seen.has(next)) continue;
      seen.add(next);
      previous.set(next, id);
      queue.push(next);
    }
  }
  return undefined;
}
