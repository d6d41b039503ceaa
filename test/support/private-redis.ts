import { ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { closedPort, waitFor } from './wait';

/**
 * A redis-server of the test's own on a free loopback port, keeping nothing on disk, so a test can kill it
 * and start it again empty (a Redis that restarted and lost its data) without touching the shared one.
 */
export class PrivateRedis {
  port = 0;
  private child: ChildProcess | null = null;

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<this> {
    if (this.port === 0) this.port = await closedPort();
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const client = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    await waitFor(async () => {
      try {
        if (client.status !== 'ready') await client.connect();
        return (await client.ping()) === 'PONG';
      } catch {
        client.disconnect();
        return false;
      }
    });
    client.disconnect();
    return this;
  }

  /** Kills the server (SIGKILL: no goodbye to its clients) and waits for its exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Kills the server and starts it again on the same port, empty. */
  async restartEmpty(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
