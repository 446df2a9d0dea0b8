import * as http from 'http';
import * as path from 'path';
import {
  Daemon,
  freePort,
  REPO_ROOT,
  requireVenvProgram,
  run,
  RunResult,
  startDaemon,
  waitFor,
} from './processes';

const VENV_BIN = path.join(REPO_ROOT, '.venv', 'bin');

/**
 * The environment the host scripts run with in tests: only the variables given here (no AWS
 * credentials or config of the machine), the .venv's `aws` first on PATH, and every AWS call
 * sent to the emulator through AWS_ENDPOINT_URL.
 */
export function scriptEnv(endpoint: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: `${VENV_BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
    HOME: process.env.HOME ?? '/root',
    LANG: 'C.UTF-8',
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    ...extra,
  };
}

/** moto_server (S3, CloudWatch, Secrets Manager, ...) on a free loopback port. */
export class Moto {
  static async start(): Promise<Moto> {
    const program = requireVenvProgram('moto_server');
    requireVenvProgram('aws');
    const port = await freePort();
    const daemon = startDaemon('moto_server', program, ['-H', '127.0.0.1', '-p', String(port)]);
    const moto = new Moto(daemon, `http://127.0.0.1:${port}`);
    try {
      await waitFor('moto_server', async () => (await moto.get('/moto-api/')) === 200, {
        daemon,
        timeoutMs: 30_000,
        intervalMs: 200,
      });
    } catch (error) {
      await daemon.stop();
      throw error;
    }
    return moto;
  }

  private constructor(
    private readonly daemon: Daemon,
    readonly endpoint: string,
  ) {}

  /** The AWS CLI against the emulator; fails with its output unless it exits 0; JSON output parsed. */
  async aws(...args: string[]): Promise<any> {
    const result = await this.awsResult(...args);
    if (result.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout.trim() ? JSON.parse(result.stdout) : undefined;
  }

  async awsResult(...args: string[]): Promise<RunResult> {
    return run(requireVenvProgram('aws'), [...args, '--output', 'json'], { env: scriptEnv(this.endpoint) });
  }

  async stop(): Promise<void> {
    await this.daemon.stop();
  }

  private async get(urlPath: string): Promise<number> {
    return new Promise((resolve, reject) => {
      http
        .get(`${this.endpoint}${urlPath}`, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject);
    });
  }
}
