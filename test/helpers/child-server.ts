/**
 * ITIMS as a real child process (`node --import tsx src/main.ts`) for crash, outage and load
 * tests: a free port, environment overrides, a wait for /health, and stop (SIGTERM) / kill (SIGKILL).
 * `startChildWorker` runs `src/worker.ts` (what `npm run worker` runs) the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './private-db-server';

export interface ChildServer {
  base: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for exit; resolves the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

export async function waitForHealth(base: string, child: ChildProcess, timeoutMs = 60_000, output: () => string = () => ''): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`ITIMS terminó con código ${child.exitCode}\n${output().slice(-3000)}`);
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`ITIMS no respondió en ${timeoutMs} ms\n${output().slice(-3000)}`);
}

export interface ChildServerOptions {
  port?: number;
  demo?: boolean;
  /** Extra Node.js options, after `--import tsx` (e.g. another `--import`). */
  nodeOptions?: string[];
}

/**
 * The environment of an ITIMS child process on `port` of the loopback: its own public URL, warnings
 * only in the log, the rate limits out of a load's way; then `env`. (The benchmark starts its
 * servers with it too.)
 */
export function childServerEnv(port: number, env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    STAFF_REQUESTS_PER_MINUTE: '1000000',
    FILINGS_PER_HOUR: '1000000',
    DIRECTORY_LOOKUPS_PER_MINUTE: '1000000',
    ...env,
  };
}

export async function startChildServer(env: Record<string, string>, options: ChildServerOptions = {}): Promise<ChildServer> {
  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const args = ['--import', 'tsx', ...(options.nodeOptions ?? []), 'src/main.ts'];
  if (options.demo) args.push('--demo');
  const child = spawn(process.execPath, args, { env: childServerEnv(port, env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => (out = (out + String(d)).slice(-200_000)));
  child.stderr?.on('data', (d) => (out = (out + String(d)).slice(-200_000)));
  const output = () => out;
  await waitForHealth(base, child, 90_000, output);
  const exited = () => new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
  return {
    base,
    port,
    child,
    output,
    async stop() {
      const done = exited();
      child.kill('SIGTERM');
      return done;
    },
    async kill() {
      const done = exited();
      child.kill('SIGKILL');
      await done;
    },
  };
}

export interface ChildWorker {
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for exit; resolves the exit code. */
  stop(): Promise<number | null>;
}

/** `npm run worker` as a child process; resolves once it logged that it is running. */
export async function startChildWorker(env: Record<string, string>, timeoutMs = 60_000): Promise<ChildWorker> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out = (out + String(d)).slice(-200_000)));
  child.stderr?.on('data', (d) => (out = (out + String(d)).slice(-200_000)));
  const end = Date.now() + timeoutMs;
  while (!out.includes('trabajador de ITIMS en marcha')) {
    if (child.exitCode !== null) throw new Error(`el trabajador terminó con código ${child.exitCode}\n${out.slice(-3000)}`);
    if (Date.now() > end) throw new Error(`el trabajador no arrancó en ${timeoutMs} ms\n${out.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    output: () => out,
    stop() {
      const done = new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
      child.kill('SIGTERM');
      return done;
    },
  };
}
