import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { UPTIME_SCRIPT } from '../../src/observability/uptime-canaries';

/*
 * The canary script run under Node, as the Synthetics runtime runs it (its `handler` export),
 * against a real HTTP server on loopback. `@aws/synthetics-core` is replaced by a stand-in on
 * NODE_PATH that records every executeStep (name, passed or failed) to a file.
 */

const STAND_IN = `
const fs = require('fs');
const record = (entry) => fs.appendFileSync(process.env.STAND_IN_LOG, JSON.stringify(entry) + '\\n');
exports.synthetics = {
  async executeStep(name, fn) {
    try {
      const result = await fn();
      record({ step: name, passed: true, status: result && result.status });
      return result;
    } catch (e) {
      record({ step: name, passed: false, message: e.message });
      throw e;
    }
  },
};
`;

const RUNNER = `
const { handler } = require(process.env.SCRIPT);
const started = Date.now();
handler().then(
  (result) => console.log(JSON.stringify({ passed: true, result, ms: Date.now() - started })),
  (e) => console.log(JSON.stringify({ passed: false, message: e.message, ms: Date.now() - started })),
);
`;

interface RunResult {
  readonly passed: boolean;
  readonly message?: string;
  readonly ms: number;
  readonly steps: { step: string; passed: boolean; status?: number; message?: string }[];
}

let dir: string;
let server: http.Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptime-script-'));
  fs.mkdirSync(path.join(dir, 'modules', '@aws', 'synthetics-core'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'modules', '@aws', 'synthetics-core', 'index.js'), STAND_IN);
  fs.writeFileSync(path.join(dir, 'runner.js'), RUNNER);
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    switch (req.url) {
      case '/':
        res.writeHead(200, { 'content-type': 'text/html' }).end('<title>Acme Shop</title>');
        break;
      case '/health':
        res.writeHead(200).end('OK');
        break;
      case '/broken':
        res.writeHead(500).end('Internal Server Error');
        break;
      case '/moved':
        res.writeHead(302, { location: '/target-of-redirect' }).end();
        break;
      case '/missing':
        res.writeHead(404).end('Not Found');
        break;
      case '/slow':
        break; // never answers
      default:
        res.writeHead(200).end('other');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  requests.length = 0;
});

/** Runs the script's handler in a Node child process with these checks. */
async function run(
  checks: { name: string; url: string; expectedText?: string }[],
  timeoutMs = 1000,
): Promise<RunResult> {
  const log = path.join(dir, `steps-${Date.now()}-${Math.random()}.jsonl`);
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      [path.join(dir, 'runner.js')],
      {
        env: {
          PATH: process.env.PATH,
          NODE_PATH: path.join(dir, 'modules'),
          SCRIPT: UPTIME_SCRIPT,
          STAND_IN_LOG: log,
          UPTIME_CHECKS: JSON.stringify(checks),
          UPTIME_TIMEOUT_MS: String(timeoutMs),
        },
        timeout: 20_000,
      },
      (error, out) => (error ? reject(error) : resolve(out)),
    ),
  );
  const steps = fs.existsSync(log)
    ? fs
        .readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
    : [];
  return { ...JSON.parse(stdout.trim()), steps };
}

describe('the uptime canary script', () => {
  test('passes when the storefront and the health path answer 200, one step each', async () => {
    const result = await run([
      { name: 'storefront', url: `${base}/` },
      { name: 'health', url: `${base}/health` },
    ]);
    expect(result.passed).toBe(true);
    expect(result.steps).toEqual([
      { step: 'storefront', passed: true, status: 200 },
      { step: 'health', passed: true, status: 200 },
    ]);
    expect(requests).toEqual(['/', '/health']);
  });

  test('fails on a 500, names the URL and the status, and still runs the other checks', async () => {
    const result = await run([
      { name: 'health', url: `${base}/broken` },
      { name: 'storefront', url: `${base}/` },
    ]);
    expect(result.passed).toBe(false);
    expect(result.message).toBe(`health: ${base}/broken answered 500`);
    expect(result.steps.map((s) => [s.step, s.passed])).toEqual([
      ['health', false],
      ['storefront', true],
    ]);
  });

  test('fails on a 404', async () => {
    const result = await run([{ name: 'path-1', url: `${base}/missing` }]);
    expect(result.passed).toBe(false);
    expect(result.message).toContain('answered 404');
  });

  test('passes on a redirect without following it (the shop answered)', async () => {
    const result = await run([{ name: 'storefront', url: `${base}/moved` }]);
    expect(result.passed).toBe(true);
    expect(result.steps).toEqual([{ step: 'storefront', passed: true, status: 302 }]);
    expect(requests).toEqual(['/moved']);
  });

  test('fails when the server does not answer within the timeout, and stops waiting then', async () => {
    const result = await run([{ name: 'storefront', url: `${base}/slow` }], 700);
    expect(result.passed).toBe(false);
    expect(result.message).toBe(`storefront: ${base}/slow did not answer within 700 ms`);
    expect(result.ms).toBeGreaterThanOrEqual(650);
    expect(result.ms).toBeLessThan(5000);
  });

  test('checks the expected text: present passes, absent fails', async () => {
    const present = await run([{ name: 'storefront', url: `${base}/`, expectedText: 'Acme Shop' }]);
    expect(present.passed).toBe(true);
    const absent = await run([{ name: 'storefront', url: `${base}/`, expectedText: 'Other Shop' }]);
    expect(absent.passed).toBe(false);
    expect(absent.message).toBe(`storefront: ${base}/ answered 200 without 'Other Shop'`);
  });

  test('fails when nothing listens on the port', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await run([{ name: 'storefront', url: `http://127.0.0.1:${port}/` }]);
    expect(result.passed).toBe(false);
    expect(result.message).toContain('ECONNREFUSED');
  });

  test('fails when it is given no URL', async () => {
    const result = await run([]);
    expect(result).toMatchObject({ passed: false, message: 'UPTIME_CHECKS lists no URL', steps: [] });
  });
});
