import * as http from 'http';
import * as https from 'https';
import * as net from 'net';

/** What a stub upstream saw. */
export interface StubRequest {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly bodyBytes: number;
}

/** The size of the text a stub sends for paths starting with `/big`. */
export const BIG_BODY_BYTES = 64 * 1024;

/**
 * An HTTP server on 127.0.0.1 standing in for the storefront or the backend. It answers JSON with
 * its name, the path and headers it got and how many body bytes it read; `/big...` gets a large
 * JSON text; WebSocket upgrades get 101 and an echo.
 */
export class StubUpstream {
  static async start(name: string): Promise<StubUpstream> {
    const stub = new StubUpstream(name);
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  readonly requests: StubRequest[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<net.Socket>();

  private constructor(public readonly name: string) {
    this.server = http.createServer((req, res) => {
      let bodyBytes = 0;
      req.on('data', (d: Buffer) => (bodyBytes += d.length));
      req.on('end', () => {
        const seen = { name, method: req.method ?? '', path: req.url ?? '', headers: req.headers, bodyBytes };
        this.requests.push(seen);
        res.setHeader('X-Powered-By', 'stub');
        if (seen.path.startsWith('/big')) {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify({ name, filler: 'shop '.repeat(BIG_BODY_BYTES / 5 - 6) }));
          return;
        }
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(seen));
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
      this.requests.push({
        name,
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        bodyBytes: 0,
      });
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
      socket.on('data', (d: Buffer) => socket.write(Buffer.concat([Buffer.from(`${name}:`), d])));
    });
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface Response {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  /** The TLS version, for HTTPS. */
  readonly tlsProtocol?: string;
}

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: http.OutgoingHttpHeaders;
  readonly body?: Buffer;
  /** HTTPS with SNI for this name; the certificate is not verified (self-signed). */
  readonly tlsServerName?: string;
  readonly maxTlsVersion?: 'TLSv1.2' | 'TLSv1.3';
}

/** One request on a fresh connection to 127.0.0.1:port; never follows redirects or decompresses. */
export async function request(port: number, path: string, options: RequestOptions = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const common = {
      host: '127.0.0.1',
      port,
      path,
      method: options.method ?? 'GET',
      headers: options.headers,
      agent: false,
    };
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          tlsProtocol: (res.socket as { getProtocol?: () => string | null }).getProtocol?.() ?? undefined,
        }),
      );
      res.on('error', reject);
    };
    const req = options.tlsServerName
      ? https.request(
          {
            ...common,
            servername: options.tlsServerName,
            rejectUnauthorized: false,
            maxVersion: options.maxTlsVersion,
          },
          onResponse,
        )
      : http.request(common, onResponse);
    req.setTimeout(15_000, () => req.destroy(new Error(`request to port ${port}${path} timed out`)));
    req.on('error', (error: NodeJS.ErrnoException) => {
      // nginx answers 413 before reading a too large body and closes; the client may see EPIPE.
      reject(error);
    });
    req.end(options.body);
  });
}

/** Parses a stub's JSON answer. */
export function stubAnswer(response: Response): StubRequest {
  return JSON.parse(response.body.toString());
}
