import { builtinModules } from 'module';
import * as path from 'path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from '../../helpers/processes';

// The example handlers' assets are their folders alone (no node_modules): on Lambda they may
// import only Node's own modules and the AWS SDK for JavaScript v3 that the Node.js runtimes
// ship (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html). The tests that run
// them against moto cannot see this, as the repository's node_modules resolves anything.

const HANDLERS = path.join(REPO_ROOT, 'examples', 'serverless', 'handlers');
/** The SDK packages the handlers use, all in the runtime's SDK v3. */
const RUNTIME_SDK = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'];

/** What a handler's entry point imports, resolved by esbuild as a bundler would. */
async function importsOf(name: string): Promise<{ files: string[]; external: string[] }> {
  const result = await esbuild.build({
    entryPoints: [path.join(HANDLERS, name, 'index.js')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    write: false,
    metafile: true,
    external: ['@aws-sdk/*'],
    logLevel: 'silent',
  });
  const inputs = result.metafile!.inputs;
  return {
    files: Object.keys(inputs).map((f) => path.resolve(REPO_ROOT, f)),
    external: Object.values(inputs).flatMap((i) => i.imports.filter((x) => x.external).map((x) => x.path)),
  };
}

describe.each(['catalog-read', 'order-write'])(
  '%s runs on the Lambda Node.js runtime as its folder alone',
  (name) => {
    test('it loads no file outside its folder', async () => {
      const { files } = await importsOf(name);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(path.relative(path.join(HANDLERS, name), file)).not.toMatch(/^\.\./);
    });

    test("its only imports from outside are Node's own modules and the runtime's SDK", async () => {
      const { external } = await importsOf(name);
      const builtin = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
      const foreign = external.filter((m) => !builtin.has(m) && !RUNTIME_SDK.includes(m));
      expect(foreign).toEqual([]);
      expect(external).toEqual(expect.arrayContaining(RUNTIME_SDK));
    });
  },
);
