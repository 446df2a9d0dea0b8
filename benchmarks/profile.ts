/*
 * Summarizes a V8 CPU profile (`node --cpu-prof`): self time by where the code lives (node's
 * module loader and compiler, aws-cdk-lib by module, cdk-shop's lib by file, other packages) and
 * the functions with the most self time.
 */
import * as path from 'path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: number[];
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** Where a frame's code lives, as the summary groups it. */
function area(url: string, root: string): string {
  if (url === '') return '(native: GC, compile, idle)';
  if (url.startsWith('node:')) return `node ${url.slice(5).split('/')[0]}`;
  const file = url.replace(/^file:\/\//, '');
  const cdk = /node_modules\/aws-cdk-lib\/([^/]+)\//.exec(file);
  if (cdk) return `aws-cdk-lib/${cdk[1]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (pkg) return pkg[1];
  if (file.startsWith(path.join(root, 'lib'))) {
    return `cdk-shop lib/${path.relative(path.join(root, 'lib'), file)}`;
  }
  return path.relative(root, file);
}

/** The top `top` areas and functions by self time, as printable lines. */
export function summarizeProfile(profile: CpuProfile, root: string, top = 12): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    const where = area(frame.url, root);
    areas.set(where, (areas.get(where) ?? 0) + us);
    const fn = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([k, us]) =>
          `${(us / 1000).toFixed(0).padStart(6)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`,
      );
  return [
    `total ${(total / 1000).toFixed(0)} ms sampled`,
    'by area:',
    ...rows(areas).map((r) => `  ${r}`),
    'by function:',
    ...rows(functions).map((r) => `  ${r}`),
  ];
}
