/*
 * Whole-process synth time, as a user waits for it: each app runs in a fresh `node` (spawned),
 * from node's start to the cloud assembly written and the process gone. The apps run against the
 * compiled library (lib/, what the package ships; run `npx projen compile` first), transpiled
 * once to plain JavaScript before timing, so no TypeScript compiler is in the measurement.
 * Rounds are interleaved (every app once per round, in a rotating order); a ratio is the median
 * of the per-round ratios (the two apps of a round ran under the same load), printed beside the
 * ratio of the apps' medians:
 *
 *   (a) three plain ApplicationLoadBalancedFargateServices ÷ an empty app
 *   (b) the fullest FargateShop example (examples/fargate-shop.ts) ÷ the three services (target ≤ 1.0)
 *   (c) SingleHostShop + ShopNetwork + HA ShopDatabase with 2 replicas + ShopCache ÷ the three services
 *   (d) seed 002 rebuilt as one production FargateShop (examples/seeds/seed-002-highly-available.ts:
 *       edge, worker and queue, replicas, tracing) ÷ the three services
 *   (e) the FargateShop example with a ShopObservability on its shop (benchmarks/apps/
 *       fargate-shop-observed.ts) ÷ the example alone (target ≤ 1.15)
 *
 * Run: npx projen benchmark (ROUNDS=9 for more rounds; PROFILE=1 also profiles the largest apps
 * with --cpu-prof and prints where their synth time goes).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { summarizeProfile } from './profile';

const ROOT = path.resolve(__dirname, '..');
const ROUNDS = Math.max(5, Number(process.env.ROUNDS ?? 7));
const BUILD = path.join(ROOT, '.tmp', 'bench-synth');

/** One app to time: its JavaScript entry point in the build directory. */
interface Subject {
  readonly name: string;
  readonly entry: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(file) : fs.statSync(file).mtimeMs);
  }
  return newest;
}

/** Transpiles `dir` (benchmarks/apps, examples) into the build directory, as CommonJS. */
function transpileDir(dir: string): void {
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'cdk.out' && entry.name !== 'node_modules') transpileDir(rel);
      continue;
    }
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
    const out = path.join(BUILD, rel.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const { outputText } = ts.transpileModule(fs.readFileSync(path.join(ROOT, rel), 'utf-8'), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        experimentalDecorators: true,
      },
      fileName: rel,
    });
    fs.writeFileSync(out, outputText);
  }
}

/** An app that synthesizes an example's exported Stack class(es), one each. */
const exampleApp = (module: string) => `'use strict';
const { App, Stack } = require('aws-cdk-lib');
const example = require('../../examples/${module}');
const app = new App();
const stacks = Object.entries(example).filter(([, v]) => typeof v === 'function' && v.prototype instanceof Stack);
if (stacks.length === 0) throw new Error('examples/${module}.ts exports no Stack class');
for (const [name, StackClass] of stacks) new StackClass(app, name.replace(/Stack$/, '') || name);
app.synth();
`;

const FARGATE_SUBJECT = 'FargateShop example (examples/fargate-shop.ts)';
const SEED_002_SUBJECT = 'seed 002 as a production FargateShop (examples/seeds)';
const OBSERVED_SUBJECT = 'FargateShop example + ShopObservability';

function build(): { subjects: Subject[]; fargate: boolean } {
  const lib = path.join(ROOT, 'lib');
  if (!fs.existsSync(path.join(lib, 'index.js')) || newestMtime(lib) < newestMtime(path.join(ROOT, 'src'))) {
    throw new Error('lib/ is missing or older than src/: run `npx projen compile` first');
  }
  fs.rmSync(BUILD, { recursive: true, force: true });
  transpileDir(path.join('benchmarks', 'apps'));
  transpileDir('examples');
  // '../src' in the apps and examples is the compiled library
  fs.symlinkSync(lib, path.join(BUILD, 'src'), 'dir');
  fs.writeFileSync(path.join(BUILD, 'cpu-time.js'), CPU_TIME);
  const app = (name: string) => path.join(BUILD, 'benchmarks', 'apps', `${name}.js`);
  const subjects: Subject[] = [
    { name: 'empty app', entry: app('empty') },
    { name: 'three ALB Fargate services', entry: app('three-services') },
    {
      name: 'SingleHostShop + network + HA database (2 replicas) + cache',
      entry: app('single-host-composition'),
    },
  ];
  const fargate = fs.existsSync(path.join(ROOT, 'examples', 'fargate-shop.ts'));
  if (fargate) {
    fs.writeFileSync(app('fargate-shop'), exampleApp('fargate-shop'));
    subjects.push({ name: FARGATE_SUBJECT, entry: app('fargate-shop') });
    subjects.push({ name: OBSERVED_SUBJECT, entry: app('fargate-shop-observed') });
  }
  if (fs.existsSync(path.join(ROOT, 'examples', 'seeds', 'seed-002-highly-available.ts'))) {
    fs.writeFileSync(app('seed-002'), exampleApp('seeds/seed-002-highly-available'));
    subjects.push({ name: SEED_002_SUBJECT, entry: app('seed-002') });
  }
  return { subjects, fargate };
}

/** What an app's cloud assembly holds: synthesis time follows these. */
interface AssemblySize {
  readonly resources: number;
  readonly templateKb: number;
  readonly constructs: number;
}

function assemblySize(outdir: string): AssemblySize {
  let resources = 0;
  let bytes = 0;
  for (const file of fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json'))) {
    const text = fs.readFileSync(path.join(outdir, file), 'utf-8');
    bytes += text.length;
    resources += Object.keys(JSON.parse(text).Resources ?? {}).length;
  }
  const count = (node: { children?: Record<string, unknown> }): number =>
    1 + Object.values(node.children ?? {}).reduce<number>((n, c) => n + count(c as typeof node), 0);
  const tree = path.join(outdir, 'tree.json');
  const constructs = fs.existsSync(tree) ? count(JSON.parse(fs.readFileSync(tree, 'utf-8')).tree) : 0;
  return { resources, templateKb: bytes / 1024, constructs };
}

/** Preloaded into every app: prints the process's CPU time (all threads, user + system) at exit. */
const CPU_TIME = `process.on('exit', () => {
  const u = process.cpuUsage();
  require('fs').writeSync(2, '\\nCPU_MS ' + (u.user + u.system) / 1000 + '\\n');
});
`;

/** One run: wall time (node start to exit) and the app's own CPU time, in ms. */
interface RunTime {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * Runs one app in a fresh node; `onAssembly` sees the assembly directory before it is removed.
 * CPU time is printed beside wall time: on a loaded machine it moves much less with the load.
 */
function runOnce(subject: Subject, extraArgs: string[] = [], onAssembly?: (outdir: string) => void): RunTime {
  const outdir = fs.mkdtempSync(path.join(BUILD, 'out-'));
  const start = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    ['-r', path.join(BUILD, 'cpu-time.js'), ...extraArgs, subject.entry],
    {
      cwd: BUILD,
      env: { ...process.env, CDK_OUTDIR: outdir, JSII_SILENCE_WARNING_DEPRECATED: '1' },
      encoding: 'utf-8',
    },
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0 || !fs.existsSync(path.join(outdir, 'manifest.json'))) {
    throw new Error(`${subject.name} failed (exit ${result.status}):\n${result.stderr}`);
  }
  const cpu = /CPU_MS ([0-9.]+)/.exec(result.stderr);
  if (!cpu) throw new Error(`${subject.name} printed no CPU time:\n${result.stderr}`);
  onAssembly?.(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  return { wall: ms, cpu: Number(cpu[1]) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function main(): void {
  const { subjects, fargate } = build();
  const times = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
  const cpuTimes = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
  const sizes = new Map<string, AssemblySize>();
  // warm the file cache (not counted) and size each app's assembly
  subjects.forEach((s) => runOnce(s, [], (outdir) => sizes.set(s.name, assemblySize(outdir))));
  for (let round = 0; round < ROUNDS; round++) {
    // rotate the order so no app always runs first (or right after the heaviest)
    const order = subjects.map((_, i) => subjects[(i + round) % subjects.length]);
    for (const subject of order) {
      const run = runOnce(subject);
      times.get(subject.name)!.push(run.wall);
      cpuTimes.get(subject.name)!.push(run.cpu);
    }
  }
  const med = (name: string) => median(times.get(name)!);
  console.log(`whole-process synth time, median of ${ROUNDS} interleaved rounds (node ${process.version})`);
  for (const s of subjects) {
    const all = times
      .get(s.name)!
      .map((t) => t.toFixed(0))
      .join(' ');
    const cpu = median(cpuTimes.get(s.name)!).toFixed(0);
    console.log(
      `  ${s.name.padEnd(62)} ${med(s.name).toFixed(0).padStart(6)} ms, CPU ${cpu.padStart(5)} ms   (${all})`,
    );
  }
  const [empty, three, composition] = subjects.map((s) => s.name);
  // paired: the median of the per-round ratios (both apps of a round ran under the same load),
  // and the ratio of the medians beside it
  const ratio = (a: string, b: string) => {
    const paired = median(times.get(a)!.map((t, i) => t / times.get(b)![i]));
    const cpu = median(cpuTimes.get(a)!.map((t, i) => t / cpuTimes.get(b)![i]));
    return `${paired.toFixed(2)}x (ratio of the medians ${(med(a) / med(b)).toFixed(2)}x; CPU time ${cpu.toFixed(2)}x)`;
  };
  console.log('ratios, median of the per-round ratios:');
  console.log(`(a) three ALB Fargate services ÷ empty app:                          ${ratio(three, empty)}`);
  if (fargate) {
    console.log(
      `(b) FargateShop example ÷ three services (target at most 1.00):      ${ratio(FARGATE_SUBJECT, three)}`,
    );
  } else {
    console.log('(b) FargateShop example not yet present (examples/fargate-shop.ts)');
  }
  console.log(
    `(c) SingleHostShop + network + HA database + cache ÷ three services: ${ratio(composition, three)}`,
  );
  if (times.has(SEED_002_SUBJECT)) {
    console.log(
      `(d) seed 002 as a production FargateShop ÷ three services:           ${ratio(SEED_002_SUBJECT, three)}`,
    );
  }
  if (fargate) {
    console.log(
      `(e) FargateShop example + ShopObservability ÷ the example (at most 1.15): ${ratio(OBSERVED_SUBJECT, FARGATE_SUBJECT)}`,
    );
  }

  // Synthesis cost follows the construct tree: time above the empty app per construct, and what
  // the shop would take at the three services' cost per construct (the floor of its shape).
  console.log('assembly size and time above the empty app per construct:');
  const perConstruct = (name: string) => (med(name) - med(empty)) / sizes.get(name)!.constructs;
  for (const s of subjects.slice(1)) {
    const size = sizes.get(s.name)!;
    console.log(
      `  ${s.name.padEnd(62)} ${String(size.resources).padStart(4)} resources ${size.templateKb.toFixed(0).padStart(4)} KB ` +
        `${String(size.constructs).padStart(4)} constructs ${perConstruct(s.name).toFixed(2)} ms/construct`,
    );
  }
  for (const [label, shop] of [
    ['(b)', FARGATE_SUBJECT],
    ['(d)', SEED_002_SUBJECT],
  ] as const) {
    if (!times.has(shop)) continue;
    const floor = med(empty) + perConstruct(three) * sizes.get(shop)!.constructs;
    console.log(
      `${label} at the three services' cost per construct ${shop} would take ${floor.toFixed(0)} ms: ` +
        `${(floor / med(three)).toFixed(2)}x`,
    );
  }

  if (process.env.PROFILE === '1') {
    for (const subject of subjects.slice(1)) {
      const dir = fs.mkdtempSync(path.join(BUILD, 'prof-'));
      runOnce(subject, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
      const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
      console.log('');
      console.log(`where the time goes: ${subject.name} (--cpu-prof, self time)`);
      for (const line of summarizeProfile(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf-8')), ROOT)) {
        console.log(`  ${line}`);
      }
    }
  }
}

main();
