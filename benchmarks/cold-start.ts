/*
 * The example serverless handlers' cold path (examples/serverless/handlers): what each weighs and
 * how long a fresh Node.js process takes from `require` of the handler to its first response
 * against DynamoDB (moto on loopback, the tables made from ShopTable's synthesized template).
 *
 * Sizes: the handler's own files; an esbuild bundle as deployed on Lambda's Node.js 22 runtime,
 * which ships the AWS SDK v3 (SDK external, minified); and a self-contained bundle (SDK inside,
 * minified), with their gzip sizes (roughly the deployment zip).
 *
 * Cold start, per variant (the handler file requiring the SDK from node_modules, and the
 * self-contained bundle): each run is a new `node` process that reads its clock before and after
 * `require(handler)` and after the first invocation's response. Times are milliseconds since the
 * process started (performance.now()): `boot` is node's own start-up, `require` the handler's
 * module load (the SDK included), `first response` the first invocation (client set-up, TCP
 * connect, the DynamoDB calls), `total` process start to response, and `cpu` the process's CPU
 * time (user + system) by then, which a busy machine inflates less than the clock. Medians of RUNS runs
 * (default 15), variants interleaved. Lambda's own init (the runtime, the sandbox) is not in it.
 *
 * Run: npx projen benchmark:cold-start (RUNS=31 for more). Needs moto in .venv
 * (scripts/setup-host-tools.sh).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as esbuild from 'esbuild';
import { ShopTable } from '../src/shop/serverless';
import { Moto } from '../test/helpers/moto';
import {
  createTable,
  emulatorClient,
  EMULATOR_ENV,
  httpApiEvent,
} from '../test/shop/serverless/handlers-dynamodb';

const ROOT = path.resolve(__dirname, '..');
const HANDLERS = path.join(ROOT, 'examples', 'serverless', 'handlers');
const BUILD = path.join(ROOT, '.tmp', 'bench-cold-start');
const RUNS = Math.max(5, Number(process.env.RUNS ?? 15));

/** A handler and the first request it answers in a run. */
interface Subject {
  readonly name: string;
  readonly event: (run: number) => unknown;
  readonly status: number;
}

const SUBJECTS: Subject[] = [
  {
    name: 'catalog-read',
    event: () =>
      httpApiEvent('GET /api/products/{id}', '/api/products/p-1', { pathParameters: { id: 'p-1' } }),
    status: 200,
  },
  {
    name: 'order-write',
    event: (run) =>
      httpApiEvent('POST /api/orders', '/api/orders', {
        body: JSON.stringify({ items: [{ productId: 'p-1', quantity: 2 }] }),
        headers: { 'idempotency-key': `bench-order-${String(run).padStart(6, '0')}` },
        claims: { sub: 'bench-customer' },
      }),
    status: 201,
  },
];

function filesOf(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? filesOf(file) : [file];
  });
}

const bytes = (file: string) => fs.statSync(file).size;
const gzipBytes = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/** esbuild bundles of a handler: [deployed on Lambda (SDK external), self-contained]. */
function bundle(name: string): { lambda: string; standalone: string } {
  const common: esbuild.BuildOptions = {
    entryPoints: [path.join(HANDLERS, name, 'index.js')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    logLevel: 'error',
  };
  const lambda = path.join(BUILD, name, 'lambda', 'index.js');
  const standalone = path.join(BUILD, name, 'standalone', 'index.js');
  esbuild.buildSync({ ...common, outfile: lambda, external: ['@aws-sdk/*'] });
  esbuild.buildSync({ ...common, outfile: standalone });
  return { lambda, standalone };
}

/** The script each cold run executes: require the handler, invoke once, print the times. */
const PROBE = `
const { performance } = require('perf_hooks');
const boot = performance.now();
const { handler } = require(process.env.HANDLER_FILE);
const required = performance.now();
handler(JSON.parse(process.env.HANDLER_EVENT)).then((r) => {
  const answered = performance.now();
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ status: r.statusCode, boot, require: required - boot, first: answered - required, total: answered, cpu: (cpu.user + cpu.system) / 1000 }));
  process.exit(0);
}, (e) => { console.error(e); process.exit(1); });`;

interface Times {
  readonly boot: number;
  readonly require: number;
  readonly first: number;
  readonly total: number;
  readonly cpu: number;
}

function coldRun(file: string, subject: Subject, run: number, env: NodeJS.ProcessEnv): Times {
  const result = spawnSync(process.execPath, ['-e', PROBE], {
    env: { ...env, HANDLER_FILE: file, HANDLER_EVENT: JSON.stringify(subject.event(run)) },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) throw new Error(`${subject.name} (${file}) failed: ${result.stderr}`);
  const times = JSON.parse(result.stdout);
  if (times.status !== subject.status) {
    throw new Error(`${subject.name} answered ${times.status}: ${result.stdout}`);
  }
  return times;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  Object.assign(process.env, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
  fs.rmSync(BUILD, { recursive: true, force: true });
  console.log(
    `Example handlers (examples/serverless/handlers), esbuild ${esbuild.version}, node ${process.version}\n`,
  );
  console.log('Bundle size                     raw         gzip');
  const bundles: Record<string, { lambda: string; standalone: string }> = {};
  for (const { name } of SUBJECTS) {
    const own = filesOf(path.join(HANDLERS, name));
    const ownBytes = own.reduce((sum, f) => sum + bytes(f), 0);
    bundles[name] = bundle(name);
    const { lambda, standalone } = bundles[name];
    console.log(`${name}`);
    console.log(`  handler files (${own.length})          ${kb(ownBytes).padStart(10)}`);
    console.log(
      `  bundle, SDK from the runtime ${kb(bytes(lambda)).padStart(10)}  ${kb(gzipBytes(lambda)).padStart(10)}`,
    );
    console.log(
      `  bundle, SDK inside           ${kb(bytes(standalone)).padStart(10)}  ${kb(gzipBytes(standalone)).padStart(10)}`,
    );
  }

  // The tables as ShopTable synthesizes them, in moto, with a product to read and order.
  const stack = new Stack(new App(), 'ColdStart');
  const tables = {
    TABLE_CATALOG: new ShopTable(stack, 'Catalog'),
    TABLE_ORDERS: new ShopTable(stack, 'Orders'),
  };
  const template = Template.fromStack(stack).toJSON();
  const moto = await Moto.start();
  const client = emulatorClient(moto.endpoint);
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ...EMULATOR_ENV,
      AWS_ENDPOINT_URL_DYNAMODB: moto.endpoint,
    };
    for (const [variable, table] of Object.entries(tables)) {
      const id = stack.getLogicalId(table.table.node.defaultChild as any);
      env[variable] = `${variable.toLowerCase()}-bench`;
      await createTable(client, env[variable]!, template.Resources[id].Properties);
    }
    const Item = { pk: 'PRODUCT', sk: 'p-1', name: 'Bench product', priceCents: 1999, currency: 'EUR' };
    await client.send(
      new BatchWriteCommand({ RequestItems: { [env.TABLE_CATALOG!]: [{ PutRequest: { Item } }] } }),
    );

    const variants = (name: string) => ({
      'handler + SDK from node_modules': path.join(HANDLERS, name, 'index.js'),
      'self-contained bundle': bundles[name].standalone,
    });
    const times: Record<string, Times[]> = {};
    let runs = 0;
    for (let round = 0; round < RUNS; round++) {
      for (const subject of SUBJECTS) {
        for (const [variant, file] of Object.entries(variants(subject.name))) {
          (times[`${subject.name}: ${variant}`] ??= []).push(coldRun(file, subject, runs++, env));
        }
      }
    }
    const load = os.loadavg().map((l) => l.toFixed(1));
    console.log(`\nCold start, fresh node process, median of ${RUNS} runs (ms since process start)`);
    console.log(`load average ${load.join(' ')} on ${os.cpus().length} CPUs`);
    const columns: [keyof Times, string][] = [
      ['boot', 'boot'],
      ['require', 'require'],
      ['first', 'first response'],
      ['total', 'total'],
      ['cpu', 'cpu'],
    ];
    const row = (label: string, cells: string[]) =>
      label.padEnd(48) + cells.map((c, i) => c.padStart(Math.max(columns[i][1].length, 6) + 2)).join('');
    console.log(
      row(
        '',
        columns.map(([, title]) => title),
      ),
    );
    for (const [key, list] of Object.entries(times)) {
      console.log(
        row(
          key,
          columns.map(([k]) => median(list.map((t) => t[k])).toFixed(1)),
        ),
      );
    }
  } finally {
    client.destroy();
    await moto.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
