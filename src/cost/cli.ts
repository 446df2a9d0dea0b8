#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { CostReport, CostReportProps } from './cost-report';
import { summaryLines } from './private/summary';

const USAGE = `Usage: cdk-shop-cost [ASSEMBLY_DIR] [--assumptions FILE] [--top N] [--json]

Estimates the monthly cost of every stack of a synthesized CDK app (run \`cdk synth\` first),
at us-east-1 list prices. Writes <stack>.cost.json beside each template and prints a summary.

  ASSEMBLY_DIR        the cloud assembly directory (default: cdk.out)
  --assumptions FILE  a JSON file of usage assumptions and prices: the props of CostReport,
                      e.g. {"requestsPerMonth": 5000000, "stackAssumptions": {"Staging": {"storedGb": 5}}}
  --top N             how many of the largest lines to print per stack (default: 5)
  --json              print the estimates as JSON instead of the summary
`;

/** A bad command line or input: printed without a stack trace, exit code 2. */
class UsageError extends Error {}

interface Options {
  readonly dir: string;
  readonly assumptions?: string;
  readonly top: number;
  readonly json: boolean;
}

function parse(argv: string[]): Options | undefined {
  let dir: string | undefined;
  let assumptions: string | undefined;
  let top = 5;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--help' || arg === '-h') {
      return undefined;
    } else if (arg === '--json') {
      json = true;
    } else if (arg === '--assumptions') {
      assumptions = value();
    } else if (arg === '--top') {
      const v = value();
      top = Number(v);
      if (!/^\d+$/.test(v)) throw new UsageError(`--top takes a whole number, not '${v}'`);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option '${arg}'`);
    } else if (dir === undefined) {
      dir = arg;
    } else {
      throw new UsageError(`unexpected argument '${arg}': give one assembly directory`);
    }
  }
  return { dir: dir ?? 'cdk.out', assumptions, top, json };
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
    const estimates = new CostReport(props).write(assembly);
    if (options.json) {
      print(JSON.stringify(estimates, undefined, 2));
      return 0;
    }
    print(
      `Monthly estimates at us-east-1 list prices (price table of ${estimates[0]?.assumptions.priceTableDate ?? '-'}); assumptions in each <stack>.cost.json`,
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
