/*
 * Evaluates an EventBridge event pattern against an event the way EventBridge does ("Creating
 * event patterns" and "Comparison operators", EventBridge user guide):
 * - every field the pattern names must be present in the event; fields the pattern does not
 *   name are ignored;
 * - a pattern object is matched field by field against the event's object at the same place;
 * - a pattern value is an array of the values allowed there: the field matches when its value
 *   equals one of them (exactly: case, whitespace and type count), or, when the event's field
 *   is an array, when any of its elements does;
 * - `null` in the array matches a field whose value is null.
 * Content filters (objects in the array: prefix, anything-but, numeric, exists, ...) and `$or`
 * are refused, so a test never passes on an operator this matcher would ignore.
 */

/** Whether `event` matches `pattern`. */
export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return matchObject(pattern, event, '');
}

function matchObject(pattern: Record<string, unknown>, event: unknown, at: string): boolean {
  if (typeof pattern !== 'object' || pattern === null || Array.isArray(pattern)) {
    throw new Error(`pattern at '${at || '/'}' is not an object`);
  }
  for (const [key, expected] of Object.entries(pattern)) {
    const where = `${at}/${key}`;
    if (key.startsWith('$')) throw new Error(`pattern operator '${key}' at '${where}' is not supported`);
    if (typeof event !== 'object' || event === null || Array.isArray(event) || !(key in event)) return false;
    const actual = (event as Record<string, unknown>)[key];
    if (Array.isArray(expected)) {
      if (!matchLeaf(expected, actual, where)) return false;
    } else if (typeof expected === 'object' && expected !== null) {
      if (!matchObject(expected as Record<string, unknown>, actual, where)) return false;
    } else {
      throw new Error(
        `pattern value at '${where}' must be an array or an object, got ${JSON.stringify(expected)}`,
      );
    }
  }
  return true;
}

function matchLeaf(allowed: unknown[], actual: unknown, at: string): boolean {
  if (allowed.length === 0) throw new Error(`pattern array at '${at}' is empty (EventBridge rejects it)`);
  for (const value of allowed) {
    if (typeof value === 'object' && value !== null) {
      throw new Error(`content filter ${JSON.stringify(value)} at '${at}' is not supported by this matcher`);
    }
  }
  const candidates = Array.isArray(actual) ? actual : [actual];
  return candidates.some((candidate) => allowed.some((value) => value === candidate));
}
