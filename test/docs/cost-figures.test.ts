import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { buildExamples } from '../../examples/app';
import { DevelopmentDataTierStack } from '../../examples/data-tier';
import { buildSeedArchitectures, SEED_ARCHITECTURES, seedAssumptions } from '../../examples/seeds/app';
import { ServerlessShopStack } from '../../examples/serverless-shop';
import {
  CostEstimate,
  CostEstimator,
  CostReport,
  DatabasePreset,
  FargateShop,
  FargateShopPreset,
  NatType,
  NetworkProfile,
  ShopDatabase,
  ShopEdge,
  ShopImage,
  ShopNetwork,
  ShopObservability,
  SingleHostShop,
} from '../../src';
import { usd } from '../../src/cost/private/summary';

/*
 * One figure for each default cost, everywhere: every cost figure README states is marked with
 * the estimate it quotes, `$18.47<!--cost:SingleHostShop-->` (an HTML comment: invisible where
 * README is rendered), and must equal that estimate to the cent. `cost-min:` and `cost-max:` mark
 * the totals at minimum and maximum capacity. Whoever changes a cost updates the README figure
 * (and the doc comments below): this test names each figure that no longer holds.
 */

const ROOT = path.join(__dirname, '../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');

/** An estimate's totals, or the sum of the lines of some constructs in it. */
interface Figure {
  readonly total: number;
  readonly min: number;
  readonly max: number;
}

const round4 = (n: number) => Math.round(n * 1e4) / 1e4;

function totals(estimate: CostEstimate): Figure {
  return {
    total: estimate.totalMonthlyUsd,
    min: estimate.totalAtMinimumUsd,
    max: estimate.totalAtMaximumUsd,
  };
}

/** An app whose templates carry each resource's construct path, as `cdk synth` writes them. */
function appWithPaths(): App {
  return new App({
    context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:disable-creation-stack-traces': true },
  });
}

/** The estimate of a stack holding what `build` defines, with the estimator's defaults. */
function stackEstimate(build: (stack: Stack) => void): CostEstimate {
  const stack = new Stack(appWithPaths(), 'Figure');
  build(stack);
  return new CostEstimator().estimateStack(stack);
}

/** As `stackEstimate`, in a stack with a region (a FargateShop's load balancer logs need one). */
function regionalEstimate(build: (stack: Stack) => void): CostEstimate {
  const stack = new Stack(appWithPaths(), 'Figure', { env: { region: 'us-east-1' } });
  build(stack);
  return new CostEstimator().estimateStack(stack);
}

/** Seed 003's shape on FargateShop: storefront, backend and one more service at 0.5 vCPU / 1 GB. */
const seed003Shape = {
  storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
  backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
  backendService: { cpu: 512, memoryLimitMiB: 1024 },
  services: [
    {
      name: 'products',
      image: ShopImage.fromRegistry('ghcr.io/acme/products:1.0.0'),
      port: 8000,
      pathPatterns: ['/products', '/products/*'],
    },
  ],
  cacheEnabled: false,
};

/** The lines of the constructs `ids` (children of the stack) in an estimate, summed. */
function constructs(estimate: CostEstimate, stackName: string, ...ids: string[]): Figure {
  const lines = estimate.lines.filter((l) => ids.some((id) => l.path.startsWith(`${stackName}/${id}/`)));
  if (lines.length === 0) throw new Error(`no lines under ${ids.join(', ')} in ${stackName}`);
  const sum = (pick: (l: (typeof lines)[number]) => number) => round4(lines.reduce((a, l) => a + pick(l), 0));
  return {
    total: sum((l) => l.monthlyUsd),
    min: sum((l) => l.monthlyMinUsd),
    max: sum((l) => l.monthlyMaxUsd),
  };
}

const images = {
  storefront: { image: ShopImage.fromRegistry('ghcr.io/acme/storefront:1.0.0') },
  backend: { image: ShopImage.fromRegistry('ghcr.io/acme/medusa:1.0.0') },
};

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-shop-figures-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

function memo<T>(f: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= f());
}

const examples = memo(() =>
  new CostReport({ quiet: true }).estimate(buildExamples(path.join(outdir, 'examples')).synth()),
);
const seeds = memo(() =>
  new CostReport({ stackAssumptions: seedAssumptions(), quiet: true }).estimate(
    buildSeedArchitectures(path.join(outdir, 'seeds')).synth(),
  ),
);
const dataTier = memo(() => {
  const stack = new DevelopmentDataTierStack(appWithPaths(), 'DataTier');
  return new CostEstimator().estimateStack(stack);
});

/** What each marker key quotes: a construct's defaults, an example stack, a seed's rebuild. */
const FIGURES: { [key: string]: () => Figure } = {
  // SingleHostShop with only its two images
  SingleHostShop: () => totals(stackEstimate((s) => new SingleHostShop(s, 'Shop', images))),
  // each ShopNetwork profile alone (NAT gateways unless said)
  'ShopNetwork:SINGLE_PUBLIC_SUBNET': () =>
    totals(
      stackEstimate((s) => new ShopNetwork(s, 'Network', { profile: NetworkProfile.SINGLE_PUBLIC_SUBNET })),
    ),
  'ShopNetwork:TWO_AZ_SINGLE_NAT': () => totals(stackEstimate((s) => new ShopNetwork(s, 'Network'))),
  'ShopNetwork:TWO_AZ_SINGLE_NAT:INSTANCE': () =>
    totals(stackEstimate((s) => new ShopNetwork(s, 'Network', { natType: NatType.INSTANCE }))),
  'ShopNetwork:THREE_AZ_NAT_PER_AZ': () =>
    totals(
      stackEstimate((s) => new ShopNetwork(s, 'Network', { profile: NetworkProfile.THREE_AZ_NAT_PER_AZ })),
    ),
  // the ServerlessShop example (storefront, three routes, catalog and orders, no PostgreSQL) alone
  ServerlessShop: () =>
    totals(new CostEstimator().estimateStack(new ServerlessShopStack(appWithPaths(), 'Figure'))),
  // ShopEdge defaults in front of an HTTP origin
  ShopEdge: () =>
    totals(
      stackEstimate((s) => new ShopEdge(s, 'Edge', { origin: new origins.HttpOrigin('origin.example.com') })),
    ),
  // a ShopDatabase preset's own lines, in a stack with the default network
  'ShopDatabase:DEVELOPMENT': () =>
    constructs(
      stackEstimate((s) => new ShopDatabase(s, 'Database', { vpc: new ShopNetwork(s, 'Network').vpc })),
      'Figure',
      'Database',
    ),
  'ShopDatabase:HIGHLY_AVAILABLE': () =>
    constructs(
      stackEstimate(
        (s) =>
          new ShopDatabase(s, 'Database', {
            vpc: new ShopNetwork(s, 'Network').vpc,
            preset: DatabasePreset.HIGHLY_AVAILABLE,
          }),
      ),
      'Figure',
      'Database',
    ),
  // FargateShop DEVELOPMENT shaped like seed 003 (no cache), and HIGHLY_AVAILABLE with two images
  'FargateShop:DEVELOPMENT:seed003': () =>
    totals(regionalEstimate((s) => new FargateShop(s, 'Shop', seed003Shape))),
  'FargateShop:HIGHLY_AVAILABLE': () =>
    totals(
      regionalEstimate(
        (s) => new FargateShop(s, 'Shop', { ...images, preset: FargateShopPreset.HIGHLY_AVAILABLE }),
      ),
    ),
  // what a ShopObservability on a shop adds at the defaults: its own lines (the shop's alarms it uses are the shop's)
  'ShopObservability:SingleHostShop': () =>
    constructs(
      stackEstimate(
        (s) => new ShopObservability(s, 'Observability', { shop: new SingleHostShop(s, 'Shop', images) }),
      ),
      'Figure',
      'Observability',
    ),
  'ShopObservability:FargateShop:HIGHLY_AVAILABLE': () =>
    constructs(
      regionalEstimate((s) => {
        const shop = new FargateShop(s, 'Shop', { ...images, preset: FargateShopPreset.HIGHLY_AVAILABLE });
        new ShopObservability(s, 'Observability', { shop });
      }),
      'Figure',
      'Observability',
    ),
  // on the ServerlessShop example deployed where it deploys (us-east-1, so CloudFront's alarms too)
  'ShopObservability:ServerlessShop': () => {
    const stack = new ServerlessShopStack(appWithPaths(), 'Figure', { env: { region: 'us-east-1' } });
    new ShopObservability(stack, 'Observability', { shop: stack.shop });
    return constructs(new CostEstimator().estimateStack(stack), 'Figure', 'Observability');
  },
  // the development data tier example: its database and cache, without network and backup
  'DevelopmentDataTier:Database+Cache': () => constructs(dataTier(), 'DataTier', 'Database', 'Cache'),
};

/** `example:<stack>` and `seed:<stack>` quote the main job's estimate of that stack. */
function figureOf(key: string): Figure | undefined {
  const [kind, stackName] = key.split(':');
  const from = kind === 'example' ? examples : kind === 'seed' ? seeds : undefined;
  if (from) {
    const estimate = from().find((e) => e.stackName === stackName);
    return estimate && totals(estimate);
  }
  return FIGURES[key]?.();
}

interface Marker {
  readonly line: number;
  readonly text: string;
  readonly which: 'total' | 'min' | 'max';
  readonly key: string;
}

/** Every marked figure of README, with its line number. */
function markers(): Marker[] {
  const found: Marker[] = [];
  README.split('\n').forEach((content, i) => {
    for (const m of content.matchAll(/(\$[\d,]+\.\d{2})\**\s*<!--\s*cost(-min|-max)?:([\w:+.-]+)\s*-->/g)) {
      found.push({
        line: i + 1,
        text: m[1],
        which: m[2] === '-min' ? 'min' : m[2] === '-max' ? 'max' : 'total',
        key: m[3],
      });
    }
  });
  return found;
}

const MARKERS = markers();

describe('README cost figures', () => {
  test('every construct default, example stack and seed rebuild is quoted at least once', () => {
    const keys = new Set(MARKERS.map((m) => m.key));
    const expected = [
      ...Object.keys(FIGURES),
      ...examples().map((e) => `example:${e.stackName}`),
      ...SEED_ARCHITECTURES.map((s) => `seed:${s.stackName}`),
    ];
    expect(expected.filter((k) => !keys.has(k))).toEqual([]);
  });

  test('SingleHostShop is quoted one way: the construct table, its own section, the cost section', () => {
    const lines = MARKERS.filter((m) => m.key === 'SingleHostShop');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(new Set(lines.map((m) => m.text)).size).toBe(1);
  });

  test('the SingleHostShop example stack alone is the SingleHostShop default; in the examples it shares the allowances', () => {
    const assembly = buildExamples(path.join(outdir, 'examples-alone')).synth();
    const template = assembly.getStackByName('ExampleSingleHostShop').template;
    const alone = new CostEstimator().estimateTemplate(template, 'ExampleSingleHostShop');
    expect(usd(alone.totalMonthlyUsd)).toBe(usd(FIGURES.SingleHostShop().total));
    // with the other example stacks, it gets the always-free allowances they left (README says so)
    const shared = examples().find((e) => e.stackName === 'ExampleSingleHostShop')!;
    expect(shared.notes.join()).toMatch(/applied once across the assembly/);
    expect(shared.totalMonthlyUsd).toBeGreaterThanOrEqual(alone.totalMonthlyUsd);
  });

  test.each(MARKERS.map((m) => [m.line, m.text, m.which, m.key] as const))(
    'README line %d: %s is the %s of %s',
    (_line, text, which, key) => {
      const figure = figureOf(key);
      if (!figure) throw new Error(`README marks a figure '${key}' this test does not know: fix the key`);
      expect(text).toBe(usd(figure[which]));
    },
  );

  /** The rows of the README table whose header row starts with `header`, split into cells. */
  function tableRows(header: string): string[][] {
    const lines = README.split('\n');
    const start = lines.findIndex((l) => l.startsWith(header));
    if (start < 0) throw new Error(`README has no table starting ${header}`);
    const rows: string[][] = [];
    for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) {
      rows.push(lines[i].split('|').slice(1, -1));
    }
    return rows;
  }

  /** The first amount of a cell (a breakdown in parentheses may follow it), unless it is marked. */
  const unmarked = (cell: string) => {
    const first = cell.match(/\$[\d,]+(?:\.\d+)?\**(\s*<!--)?/);
    return first && !first[1] ? [first[0]] : [];
  };

  test.each([
    ['the construct table', '| construct |', [0]],
    ['the ShopNetwork profiles', '| profile |', [4]],
    ['the ShopDatabase presets', '| preset | instance | Multi-AZ', [4]],
    ['the example stacks', '| example stack |', [1, 2]],
    ['the seed rebuilds', '| seed |', [3]],
  ] as const)('every cost figure in %s is marked', (_name, header, columns) => {
    const rows = tableRows(header);
    expect(rows.length).toBeGreaterThan(0);
    const found = rows
      // the database table's read replica row is not a default
      .filter((row) => !/read replica/.test(row[0]))
      .flatMap((row) => columns.flatMap((c) => unmarked(row[c] ?? '').map((f) => `${row[0].trim()}: ${f}`)));
    expect(found).toEqual([]);
  });

  test("SingleHostShop's hand table adds up to its total, the estimate", () => {
    const lines = README.split('\n');
    const start = lines.findIndex((l) => l.startsWith('Monthly cost with the defaults'));
    expect(start).toBeGreaterThan(0);
    const header = lines.findIndex((l, i) => i > start && l.startsWith('| item |'));
    const rows: string[] = [];
    for (let i = header + 2; lines[i]?.startsWith('|'); i++) rows.push(lines[i]);
    const total = rows.pop()!;
    expect(total).toMatch(/^\| \*\*total\*\* \|/);
    // an always-free allowance is a negative row: -$2.9505
    const amount = (cell: string) => {
      const [, sign, figure] = cell.match(/(-?)\$([\d,]+(?:\.\d+)?)/)!;
      return Number(figure.replace(/,/g, '')) * (sign ? -1 : 1);
    };
    const items = rows.map((row) => amount(row.split('|').slice(-2)[0]));
    expect(items.length).toBeGreaterThanOrEqual(5);
    const marked = MARKERS.find((m) => m.line === header + 2 + rows.length + 1 && m.key === 'SingleHostShop');
    expect(marked).toBeDefined();
    expect(usd(round4(items.reduce((a, b) => a + b, 0)))).toBe(marked!.text);
  });

  test('no line about SingleHostShop words its cost another way ("about $23", "about $20")', () => {
    const lines = README.split('\n').filter((l) => /SingleHostShop|single host/i.test(l));
    expect(lines.filter((l) => /about \$\d/.test(l))).toEqual([]);
  });
});

/** Doc comments (and so API.md) that quote a marked figure: file, the declaration they document, key. */
const DOC_FIGURES: [string, RegExp, string][] = [
  ['src/shop/single-host/single-host-shop.ts', /^export class SingleHostShop\b/m, 'SingleHostShop'],
  [
    'src/database/database-preset.ts',
    /^\s*public static readonly DEVELOPMENT\b/m,
    'ShopDatabase:DEVELOPMENT',
  ],
  [
    'src/database/database-preset.ts',
    /^\s*public static readonly HIGHLY_AVAILABLE\b/m,
    'ShopDatabase:HIGHLY_AVAILABLE',
  ],
];

/** The doc comment right above the first match of `declaration`. */
function docCommentOf(file: string, declaration: RegExp): string {
  const source = fs.readFileSync(path.join(ROOT, file), 'utf-8');
  const at = source.search(declaration);
  if (at < 0) throw new Error(`${file}: no ${declaration}`);
  const before = source.slice(0, at);
  const start = before.lastIndexOf('/**');
  const comment = before.slice(start);
  if (start < 0 || !/\*\/\s*$/.test(comment)) throw new Error(`${file}: no doc comment above ${declaration}`);
  return comment;
}

describe('doc comment cost figures', () => {
  test.each(DOC_FIGURES)('%s (%s) quotes %s as README does', (file, declaration, key) => {
    const comment = docCommentOf(file, declaration);
    const quoted = [...comment.matchAll(/\$[\d,]+(?:\.\d+)? a month/g)].map((m) => m[0]);
    expect(quoted).toEqual([`${usd(figureOf(key)!.total)} a month`]);
    expect(MARKERS.filter((m) => m.key === key).map((m) => m.text)).toContain(usd(figureOf(key)!.total));
  });
});
