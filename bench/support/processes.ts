/**
 * The processes the benchmark starts, and only those: each one is spawned in a process group of its own
 * and tracked here, so a stop (normal end, error or Ctrl-C) ends exactly them, by process id.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import ts from 'typescript';

const tracked = new Set<ChildProcess>();

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Whether `taskset` can pin processes here (it exists and the machine has at least two cores). */
export function tasksetAvailable(cores: number): boolean {
  if (cores < 2) return false;
  const probe = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
  return probe.status === 0;
}

/** The command line, prefixed with `taskset -c <cpu>` when pinning is on. */
export function pinned(cpu: number | undefined, command: string, args: string[]): [string, string[]] {
  return cpu === undefined ? [command, args] : ['taskset', ['-c', String(cpu), command, ...args]];
}

export interface StartOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** File receiving stdout and stderr; absent: stdout is piped to the caller, stderr inherited. */
  logFile?: string;
  ipc?: boolean;
}

export function start(command: string, args: string[], options: StartOptions): ChildProcess {
  let logFd: number | undefined;
  if (options.logFile !== undefined) logFd = openSync(options.logFile, 'a');
  const output = logFd ?? 'pipe';
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', output, logFd ?? 'inherit', ...(options.ipc ? ['ipc' as const] : [])],
  });
  if (logFd !== undefined) closeSync(logFd);
  tracked.add(child);
  child.once('exit', () => tracked.delete(child));
  // A failed spawn (e.g. no such command) ends as an 'exit' after this 'error'.
  child.once('error', () => undefined);
  return child;
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.pid !== undefined;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!alive(child) || child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (!alive(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM to the child's group, SIGKILL after `graceMs`. */
export async function stop(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (!alive(child)) return;
  signalGroup(child, 'SIGTERM');
  if (!(await waitForExit(child, graceMs))) {
    signalGroup(child, 'SIGKILL');
    await waitForExit(child, 2_000);
  }
}

/** Ends every process this benchmark started that is still running. */
export async function stopAll(graceMs = 5_000): Promise<void> {
  await Promise.all([...tracked].map((child) => stop(child, graceMs)));
}

/** Runs a command to completion with its output in `logFile`; rejects (with the log's tail) on failure. */
export async function run(
  command: string,
  args: string[],
  options: StartOptions & { logFile: string; timeoutMs: number },
): Promise<void> {
  const child = start(command, args, options);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timer = setTimeout(() => void stop(child), options.timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  if (code !== 0) {
    const tail = readFileSync(options.logFile, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
    throw new Error(`${[command, ...args].join(' ')} failed (exit ${code}):\n${tail}`);
  }
}

/** Runs a command and returns its stdout's last line (a load worker's JSON result). */
export async function runForLastLine(
  command: string,
  args: string[],
  options: StartOptions & { timeoutMs: number },
): Promise<string> {
  const child = start(command, args, options);
  let out = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    out = (out + chunk).slice(-1_000_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timer = setTimeout(() => void stop(child), options.timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`load worker failed (exit ${code ?? 'by signal'})`);
  const lines = out.trimEnd().split('\n');
  return lines[lines.length - 1];
}

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Compiles the children (probe, baseline app, load worker) to plain JavaScript under `outDir`, one file at
 * a time: the server must load the probe without a TypeScript hook, and the others start faster.
 * `outDir` must lie inside the project so that they resolve the project's node_modules.
 */
export function compileChildren(
  benchDir: string,
  outDir: string,
): Record<'probe' | 'baseline' | 'worker', string> {
  mkdirSync(outDir, { recursive: true });
  const files = { probe: 'probe', baseline: 'baseline-app', worker: 'load-worker' } as const;
  const out = {} as Record<keyof typeof files, string>;
  for (const [key, name] of Object.entries(files) as [keyof typeof files, string][]) {
    const source = readFileSync(path.join(benchDir, 'children', `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      fileName: `${name}.ts`,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
      },
    });
    const target = path.join(outDir, `${name}.js`);
    writeFileSync(target, outputText);
    out[key] = target;
  }
  return out;
}
