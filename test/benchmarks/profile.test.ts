import { summarizeProfile } from '../../benchmarks/profile';

/* The CPU-profile summary the synth benchmark prints with PROFILE=1: self time by area and function. */

const ROOT = '/repo';
const frame = (id: number, functionName: string, url: string, lineNumber = 0) => ({
  id,
  callFrame: { functionName, url, lineNumber },
});

describe('summarizeProfile', () => {
  const profile = {
    nodes: [
      frame(1, '(root)', ''),
      frame(2, 'resolve', 'file:///repo/node_modules/aws-cdk-lib/core/lib/token.js', 9),
      frame(3, 'wrapSafe', 'node:internal/modules/cjs/loader', 1421),
      frame(4, 'price', 'file:///repo/lib/cost/cost-estimator.js', 41),
      frame(5, 'addChild', 'file:///repo/node_modules/constructs/lib/construct.js'),
    ],
    // samples name the node each tick landed in; timeDeltas are microseconds
    samples: [2, 2, 3, 4, 5, 3, 2],
    timeDeltas: [1000, 1000, 2000, 500, 500, 2000, 1000],
  };

  test('groups self time by where the code lives and by function, largest first', () => {
    const lines = summarizeProfile(profile, ROOT);
    expect(lines[0]).toBe('total 8 ms sampled');
    const areas = lines
      .slice(lines.indexOf('by area:') + 1, lines.indexOf('by function:'))
      .map((l) => l.trim());
    expect(areas).toEqual([
      '4 ms  50.0 %  node internal',
      '3 ms  37.5 %  aws-cdk-lib/core',
      '1 ms   6.3 %  cdk-shop lib/cost/cost-estimator.js',
      '1 ms   6.3 %  constructs',
    ]);
    const functions = lines.slice(lines.indexOf('by function:') + 1).map((l) => l.trim());
    expect(functions[0]).toBe('4 ms  50.0 %  wrapSafe node internal:1422');
    expect(functions[1]).toBe('3 ms  37.5 %  resolve aws-cdk-lib/core:10');
  });

  test('keeps only the top entries', () => {
    const lines = summarizeProfile(profile, ROOT, 1);
    expect(lines).toHaveLength(5); // total, 'by area:', 1 area, 'by function:', 1 function
  });
});
