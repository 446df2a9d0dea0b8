#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { CostEstimate } from './cost-estimate';
import { CostReport, CostReportProps } from './cost-report';
import { reportFile } from './private/report-files';
import { summaryLines } from './private/summary';

const USAGE = `Usage: cdk-shop-cost [ASSEMBLY_DIR] [--assumptions FILE] [--top N] [--json] [--overwrite | --no-write]

Estimates the monthly cost of every stack of a synthesized CDK app (run \`cdk synth\` first),
at us-east-1 list prices. Writes <stack>.cost.json beside each template and prints a summary.
From a project that does not depend on cdk-shop (Python, Java, ...): npx -p cdk-shop cdk-shop-cost cdk.out

  ASSEMBLY_DIR        the cloud assembly directory (default: cdk.out)
  --assumptions FILE  a JSON file of usage assumptions and prices: the props of CostReport,
                      e.g. {"requestsPerMonth": 5000000, "stackAssumptions": {"Staging": {"storedGb": 5}}}
  --top N             how many of the largest lines to print per stack (default: 5)
  --json              print the estimates as JSON instead of the summary
  --overwrite         replace <stack>.cost.json files written with other assumptions (by default
                      the command refuses, exit code 2, and names the assumptions that differ)
  --no-write          write nothing: only print
  --help, -h          print this help
`;

/** The options the command takes, as an unknown option's message lists them. */
const OPTIONS = ['--assumptions FILE', '--top N', '--json', '--overwrite', '--no-write', '--help'];

/** A bad command line or input: printed without a stack trace, exit code 2. */
class UsageError extends Error {}

interface Options {
  readonly dir: string;
  readonly assumptions?: string;
  readonly top: number;
  readonly json: boolean;
  readonly overwrite: boolean;
  readonly write: boolean;
}

function parse(argv: string[]): Options | undefined {
  let dir: string | undefined;
  let assumptions: string | undefined;
  let top = 5;
  let json = false;
  let overwrite = false;
  let write = true;
  for (let i = 0; i < argv.length; i++) {
    // --option=value is the same as --option value
    const [arg, inline] = /^--[^=]+=/.test(argv[i]) ? splitOnce(argv[i]) : [argv[i], undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    const flag = () => {
      if (inline !== undefined) throw new UsageError(`${arg} takes no value`);
    };
    if (arg === '--help' || arg === '-h') {
      return undefined;
    } else if (arg === '--json') {
      flag();
      json = true;
    } else if (arg === '--overwrite') {
      flag();
      overwrite = true;
    } else if (arg === '--no-write') {
      flag();
      write = false;
    } else if (arg === '--assumptions') {
      assumptions = value();
    } else if (arg === '--top') {
      const v = value();
      top = Number(v);
      if (!/^\d+$/.test(v)) throw new UsageError(`--top takes a whole number, not '${v}'`);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option '${arg}'. Valid options: ${OPTIONS.join(', ')}`);
    } else if (dir === undefined) {
      dir = arg;
    } else {
      throw new UsageError(`unexpected argument '${arg}': give one assembly directory`);
    }
  }
  if (overwrite && !write) throw new UsageError('--overwrite and --no-write contradict each other: give one');
  return { dir: dir ?? 'cdk.out', assumptions, top, json, overwrite, write };
}

function splitOnce(arg: string): [string, string] {
  const at = arg.indexOf('=');
  return [arg.slice(0, at), arg.slice(at + 1)];
}

function readAssumptions(file: string): CostReportProps {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch {
    throw new UsageError(`cannot read the assumptions file '${file}'`);
  }
  try {
    const parsed = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed;
  } catch (e) {
    throw new UsageError(`the assumptions file '${file}' is not a JSON object (${(e as Error).message})`);
  }
}

function readAssembly(dir: string): cxapi.CloudAssembly {
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    throw new UsageError(`'${dir}' is not a cloud assembly (no manifest.json): run \`cdk synth\` first`);
  }
  return new cxapi.CloudAssembly(dir);
}

/**
 * Why the report already beside a stack's template must not be silently replaced by `estimate`:
 * it was written with other assumptions, or it is not a report at all. Undefined when the file
 * does not exist or has the same assumptions (the template may have changed: replacing it is right).
 */
function conflictWith(stack: cxapi.CloudFormationStackArtifact, estimate: CostEstimate): string | undefined {
  const file = reportFile(stack);
  if (!fs.existsSync(file)) return undefined;
  let existing: any;
  try {
    existing = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch {
    existing = undefined;
  }
  const before = existing?.assumptions;
  if (!before || typeof before !== 'object') {
    return `${file}: not a cost report (no assumptions in it)`;
  }
  const after = estimate.assumptions as unknown as { [key: string]: unknown };
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const differ = keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map(
      (k) =>
        `${k} ${JSON.stringify(before[k]) ?? '(none)'} there, ${JSON.stringify(after[k]) ?? '(none)'} now`,
    );
  // overridden prices show only their keys in the assumptions: a price key priced differently
  // (the same key, another unit price) means other priceOverrides values
  const pricedNow = new Map(estimate.lines.map((l) => [l.priceKey, l.unitPriceUsd]));
  const repriced = new Map<string, string>();
  for (const line of Array.isArray(existing.lines) ? existing.lines : []) {
    const now = pricedNow.get(line?.priceKey);
    if (now !== undefined && now !== line.unitPriceUsd && !repriced.has(line.priceKey)) {
      repriced.set(line.priceKey, `price of ${line.priceKey} ${line.unitPriceUsd} there, ${now} now`);
    }
  }
  differ.push(...repriced.values());
  return differ.length > 0 ? `${file}: ${differ.join('; ')}` : undefined;
}

/**
 * Runs the command with its arguments; returns the exit code.
 * @internal
 */
export function main(
  argv: string[],
  print: (line: string) => void = console.log,
  printError: (line: string) => void = console.error,
): number {
  try {
    const options = parse(argv);
    if (!options) {
      print(USAGE);
      return 0;
    }
    const props = options.assumptions ? readAssumptions(options.assumptions) : {};
    const assembly = readAssembly(options.dir);
    // the command prints its own summary: the report's stderr line would repeat it
    const report = new CostReport({ ...props, quiet: true });
    const estimates = report.estimate(assembly);
    if (options.write) {
      const conflicts = assembly.stacksRecursively
        .map((stack, i) => conflictWith(stack, estimates[i]))
        .filter((c): c is string => c !== undefined);
      if (conflicts.length > 0 && !options.overwrite) {
        throw new UsageError(
          `refusing to replace ${conflicts.length} report(s) written with other assumptions:\n` +
            conflicts.map((c) => `  ${c}\n`).join('') +
            'Give the assumptions they were written with (--assumptions FILE), --overwrite to replace them, ' +
            'or --no-write to only print',
        );
      }
      for (const c of conflicts) printError(`cdk-shop-cost: replacing ${c}`);
      report.write(assembly);
    }
    if (options.json) {
      print(JSON.stringify(estimates, undefined, 2));
      return 0;
    }
    print(
      `Monthly estimates at us-east-1 list prices (price table of ${estimates[0]?.assumptions.priceTableDate ?? '-'}); ` +
        (options.write ? 'assumptions in each <stack>.cost.json' : 'nothing written (--no-write)'),
    );
    print('');
    for (const line of summaryLines(assembly, estimates, options.top)) print(line);
    return 0;
  } catch (e) {
    // bad props surface as the estimator's and the report's own errors, which name the prop
    if (e instanceof UsageError || (e instanceof Error && /^Cost(Report|Estimator): /.test(e.message))) {
      printError(`cdk-shop-cost: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
