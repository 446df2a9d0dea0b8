import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/* The post-compile step that makes the compiled barrels lazy (scripts/lazy-index.js). */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lazyIndexes } = require('../../scripts/lazy-index') as {
  lazyIndexes: (libDir: string, srcDir: string) => string[];
};

/** A src/ and the lib/ tsc would compile it to: an eager barrel and three modules that count their loads. */
function fixture(): { root: string; lib: string; src: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-index-'));
  const src = path.join(root, 'src');
  const lib = path.join(root, 'lib');
  fs.mkdirSync(path.join(src, 'family'), { recursive: true });
  fs.mkdirSync(path.join(lib, 'family'), { recursive: true });
  fs.writeFileSync(
    path.join(src, 'index.ts'),
    [
      "export * from './alpha';",
      "export { Beta, Gamma as Renamed } from './beta';",
      "export type { BetaProps } from './beta';",
      "export * from './family';",
    ].join('\n'),
  );
  fs.writeFileSync(path.join(src, 'family', 'index.ts'), "export * from './delta';\n");
  fs.writeFileSync(path.join(src, 'not-a-barrel.ts'), 'export const x = 1;\n');
  const mod = (file: string, body: string) =>
    fs.writeFileSync(
      path.join(lib, file),
      `"use strict";\nglobalThis.lazyLoads.push(${JSON.stringify(file)});\n${body}\n`,
    );
  mod('alpha.js', 'exports.Alpha = class Alpha {};\nexports.Shared = "from alpha";');
  mod('beta.js', 'exports.Beta = class Beta {};\nexports.Gamma = 7;\nexports.Hidden = 1;');
  mod('family/delta.js', 'exports.Delta = "delta";\nexports.Shared = "from delta";');
  // what tsc writes for the barrels: every module required up front
  fs.writeFileSync(
    path.join(lib, 'index.js'),
    [
      'Object.defineProperty(exports, "__esModule", { value: true });',
      'const star = (m) => { for (const k of Object.keys(m)) if (!(k in exports)) exports[k] = m[k]; };',
      'star(require("./alpha"));',
      'const beta = require("./beta"); exports.Beta = beta.Beta; exports.Renamed = beta.Gamma;',
      'star(require("./family"));',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(lib, 'family', 'index.js'),
    'Object.defineProperty(exports, "__esModule", { value: true });\nObject.assign(exports, require("./delta"));',
  );
  return { root, lib, src };
}

declare global {
  // eslint-disable-next-line no-var
  var lazyLoads: string[];
}

describe('lazy-index', () => {
  test('keeps every export name and value, in order, and loads a module only when one of its exports is read', () => {
    const { lib, src } = fixture();
    globalThis.lazyLoads = [];
    const rewritten = lazyIndexes(lib, src);
    expect(rewritten.map((f) => path.relative(lib, f)).sort()).toEqual(['family/index.js', 'index.js']);
    jest.resetModules();
    globalThis.lazyLoads = [];

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const index = require(path.join(lib, 'index.js'));
    expect(globalThis.lazyLoads).toEqual([]);
    // first export * wins, as with tsc; a type-only export has no value; Hidden was never exported
    expect(Object.keys(index)).toEqual(['Alpha', 'Shared', 'Beta', 'Renamed', 'Delta']);
    expect(globalThis.lazyLoads).toEqual([]);

    expect(index.Renamed).toBe(7);
    expect(globalThis.lazyLoads).toEqual(['beta.js']);
    expect(index.Shared).toBe('from alpha');
    expect(index.Delta).toBe('delta');
    expect(globalThis.lazyLoads).toEqual(['beta.js', 'alpha.js', 'family/delta.js']);
    // the same class object as the module's own export (instanceof keeps working)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(index.Beta).toBe(require(path.join(lib, 'beta.js')).Beta);
    expect(index.__esModule).toBe(true);
  });

  test('is idempotent: a second run over lazy barrels writes the same files', () => {
    const { lib, src } = fixture();
    globalThis.lazyLoads = [];
    lazyIndexes(lib, src);
    const first = fs.readFileSync(path.join(lib, 'index.js'), 'utf-8');
    jest.resetModules();
    lazyIndexes(lib, src);
    expect(fs.readFileSync(path.join(lib, 'index.js'), 'utf-8')).toBe(first);
  });

  test('refuses to write a barrel whose names would differ from the eager one', () => {
    const { lib, src } = fixture();
    globalThis.lazyLoads = [];
    // the eager index exports a name the source's re-exports do not give
    fs.appendFileSync(path.join(lib, 'index.js'), '\nexports.Extra = 1;\n');
    const before = fs.readFileSync(path.join(lib, 'index.js'), 'utf-8');
    expect(() => lazyIndexes(lib, src)).toThrow(/index\.js: lazy exports .* differ from tsc's .*Extra/);
    expect(fs.readFileSync(path.join(lib, 'index.js'), 'utf-8')).toBe(before);
  });
});
