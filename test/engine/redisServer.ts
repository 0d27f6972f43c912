// A real redis-server for the shared-tier tests: started on 127.0.0.1 and a free port, without persistence,
// killed afterwards. No mocks: if redis-server is not installed the tests fail, saying how to install it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Redis } from 'ioredis';

const BINARY = process.env.REDIS_SERVER ?? 'redis-server';

export function assertRedisServerInstalled(): void {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `redis-server is not installed (or REDIS_SERVER does not point at it): the shared-tier tests need a real Redis. ` +
        `Install it with \`apt-get install -y redis-server\` (.ci/run and scripts/install-vscode.js do).`,
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether a PING on a fresh socket gets +PONG (or, with requirepass, -NOAUTH: it is up) within `ms`. */
function pings(port: number, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), ms);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => finish(/^(\+PONG|-NOAUTH)/.test(data.toString())));
    socket.on('error', () => finish(false));
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 25 ms until it holds, or fails after `ms`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(25);
  }
}

export interface RedisServerOptions {
  /** `--requirepass`: clients must AUTH with it (the inspecting client does; `url` carries no password). */
  password?: string;
  /** `--replicaof 127.0.0.1 <port>`: a read-only replica of the server on that port. */
  replicaOf?: number;
}

export class RedisServer {
  private process: ChildProcess | undefined;
  private inspector: Redis | undefined;
  /** Its working folder (`--dir`): a replica writes the RDB it receives from its primary there. */
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-redis-'));

  private constructor(
    readonly port: number,
    private readonly options: RedisServerOptions,
  ) {}

  static async start(options: RedisServerOptions = {}): Promise<RedisServer> {
    assertRedisServerInstalled();
    const server = new RedisServer(await freePort(), options);
    await server.launch();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** A plain client to look at (and tamper with) what the cache stored. */
  get client(): Redis {
    if (!this.inspector) {
      this.inspector = new Redis(this.url, { maxRetriesPerRequest: 1, password: this.options.password });
      this.inspector.on('error', () => undefined); // reconnects by itself across kill()/restart()
    }
    return this.inspector;
  }

  private async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir];
    if (this.options.password !== undefined) args.push('--requirepass', this.options.password);
    if (this.options.replicaOf !== undefined) args.push('--replicaof', '127.0.0.1', String(this.options.replicaOf), '--replica-read-only', 'yes');
    const child = spawn(BINARY, args, { stdio: 'ignore', cwd: this.dir });
    this.process = child;
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const end = Date.now() + 5000;
    while (!(await pings(this.port, 200))) {
      const failed = await Promise.race([spawnError, sleep(0).then(() => undefined)]);
      if (failed) throw new Error(`could not start redis-server: ${failed.message}`);
      if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} at start`);
      if (Date.now() > end) throw new Error(`redis-server did not answer on port ${this.port} within 5 s`);
      await sleep(25);
    }
  }

  /** SIGKILL, as a crash would. */
  async kill(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts again on the same port, after kill() or killing it now (empty: nothing is persisted). */
  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  /** SIGSTOP: the socket stays open but nothing answers. */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  resume(): void {
    this.process?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    this.inspector?.disconnect();
    this.inspector = undefined;
    await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
