/**
 * The parser of the metric math evaluator (`metric-math.ts`): CloudWatch's expression syntax
 * for numbers, query ids (they start with a lowercase letter), functions (`NAME(args)`),
 * keywords (`REPEAT`, `LINEAR`), arrays (`[a, b]`) and operators, lowest precedence first:
 * `OR`/`||`, `AND`/`&&`, comparisons, `+ -`, `* /`, unary `-` and `NOT`, `^` (right-associative).
 * See https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 */

export type Node =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'id'; readonly name: string }
  | { readonly kind: 'keyword'; readonly name: string }
  | { readonly kind: 'array'; readonly items: Node[] }
  | { readonly kind: 'unary'; readonly op: string; readonly operand: Node }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly kind: 'call'; readonly name: string; readonly args: Node[] };

type Token =
  | { kind: 'num'; value: number }
  | { kind: 'id'; name: string }
  | { kind: 'fn'; name: string }
  | { kind: 'word'; name: string }
  | { kind: 'op'; op: string };

const LEXER =
  /\s*(?:(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([a-z][a-zA-Z0-9_]*)|([A-Z][A-Z0-9_]*)\s*\(|([A-Z][A-Z0-9_]*)|(>=|<=|==|!=|&&|\|\||[-+*/^()<>,[\]]))/y;

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < expression.length) {
    if (/^\s+$/.test(expression.slice(at))) break;
    LEXER.lastIndex = at;
    const m = LEXER.exec(expression);
    if (!m) throw new Error(`metric math: cannot read '${expression.slice(at)}' in '${expression}'`);
    if (m[1] !== undefined) {
      tokens.push({ kind: 'num', value: Number(m[1]) });
    } else if (m[2] !== undefined) {
      tokens.push({ kind: 'id', name: m[2] });
    } else if (m[3] !== undefined) {
      tokens.push({ kind: 'fn', name: m[3] });
    } else if (m[4] !== undefined) {
      // the word operators read as their symbols
      const word = m[4];
      if (word === 'AND' || word === 'OR' || word === 'NOT') tokens.push({ kind: 'op', op: word });
      else tokens.push({ kind: 'word', name: word });
    } else {
      tokens.push({ kind: 'op', op: m[5] === '&&' ? 'AND' : m[5] === '||' ? 'OR' : m[5] });
    }
    at = LEXER.lastIndex;
  }
  return tokens;
}

/** The syntax tree of a metric math expression. */
export function parse(expression: string): Node {
  const tokens = tokenize(expression);
  let pos = 0;
  const isOp = (...ops: string[]) => {
    const t = tokens[pos];
    return t?.kind === 'op' && ops.includes(t.op);
  };
  const expect = (op: string) => {
    if (!isOp(op)) {
      if (pos >= tokens.length) throw new Error(`metric math: missing '${op}' in '${expression}'`);
      throw new Error(`metric math: expected '${op}' at token ${pos} in '${expression}'`);
    }
    pos++;
  };
  const binary =
    (next: () => Node, ...ops: string[]) =>
    (): Node => {
      let left = next();
      while (isOp(...ops)) {
        const op = (tokens[pos++] as { op: string }).op;
        left = { kind: 'binary', op, left, right: next() };
      }
      return left;
    };
  const list = (close: string): Node[] => {
    const items: Node[] = [];
    if (isOp(close)) {
      pos++;
      return items;
    }
    for (;;) {
      items.push(or());
      if (isOp(',')) {
        pos++;
        continue;
      }
      expect(close);
      return items;
    }
  };
  const primary = (): Node => {
    const t = tokens[pos++];
    if (!t) throw new Error(`metric math: '${expression}' ends early`);
    switch (t.kind) {
      case 'num':
        return { kind: 'number', value: t.value };
      case 'id':
        return { kind: 'id', name: t.name };
      case 'word':
        return { kind: 'keyword', name: t.name };
      case 'fn':
        return { kind: 'call', name: t.name, args: list(')') };
      default:
        if (t.op === '(') {
          const inner = or();
          expect(')');
          return inner;
        }
        if (t.op === '[') return { kind: 'array', items: list(']') };
        throw new Error(`metric math: unexpected '${t.op}' in '${expression}'`);
    }
  };
  const power = (): Node => {
    const base = primary();
    if (isOp('^')) {
      pos++;
      return { kind: 'binary', op: '^', left: base, right: unary() };
    }
    return base;
  };
  const unary = (): Node => {
    if (isOp('-', 'NOT')) {
      const op = (tokens[pos++] as { op: string }).op;
      return { kind: 'unary', op, operand: unary() };
    }
    return power();
  };
  const product = binary(unary, '*', '/');
  const sum = binary(product, '+', '-');
  const comparison = binary(sum, '==', '!=', '<=', '>=', '<', '>');
  const and = binary(comparison, 'AND');
  const or = binary(and, 'OR');
  const tree = or();
  if (pos !== tokens.length) {
    throw new Error(`metric math: unexpected input after position ${pos} in '${expression}'`);
  }
  return tree;
}
