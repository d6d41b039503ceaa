import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * How long a keep-alive connection with no request in flight is left open after the listener has closed,
 * for its client to send one more request (answered, and the connection closed after it). Its client may
 * not have been told to let go of it yet (it sent nothing since the shutdown began); closing it under a
 * request being sent resets that request.
 */
export const DRAIN_IDLE_GRACE_MS = 1_000;

/** How often the drain looks at its connections (besides whenever a request ends or a connection closes). */
const DRAIN_POLL_MS = 50;

interface Connection {
  /** Requests received on it and not yet answered (or aborted). */
  inFlight: number;
  /** When its last request ended, or it was opened. */
  idleSince: number;
}

export interface DrainOutcome {
  /** Connections closed while no request was in flight on them, after their grace. */
  closedIdle: number;
  /** Connections still busy when the drain's time ran out, destroyed with their requests. */
  destroyedBusy: number;
}

const drains = new WeakMap<Server, ConnectionDrain>();

/**
 * Keeps count of an HTTP server's connections and of the requests in flight on each, so a shutdown can stop
 * accepting without cutting a request. Node's own `server.close()` closes every idle keep-alive connection
 * at once, and Fastify's `return503OnClosing` answers 503 to requests that still arrive on open ones: a
 * client that sent a request on a reused connection at that moment gets a reset or a 503, and the request
 * is lost. Here the listener closes alone; each open connection may carry one more request, answered with
 * `Connection: close` like every answer once the shutdown has begun; a connection is closed by the server
 * only when nothing is in flight on it and it stayed idle for DRAIN_IDLE_GRACE_MS.
 */
export class ConnectionDrain {
  private readonly connections = new Map<Socket, Connection>();
  private closing = false;
  private wake: (() => void) | null = null;

  private constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.connections.set(socket, { inFlight: 0, idleSince: Date.now() });
      socket.once('close', () => {
        this.connections.delete(socket);
        this.changed();
      });
    });
    // Ahead of the app's handler: the header must be set before any answer can be written.
    server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
      if (this.closing) response.setHeader('connection', 'close');
      const connection = this.connections.get(request.socket);
      if (connection === undefined) return;
      connection.inFlight++;
      response.once('close', () => {
        connection.inFlight--;
        connection.idleSince = Date.now();
        this.changed();
      });
    });
  }

  /** The drain of `server`, made on first use; attach it before the server accepts its first connection. */
  static of(server: Server): ConnectionDrain {
    let drain = drains.get(server);
    if (drain === undefined) {
      drain = new ConnectionDrain(server);
      drains.set(server, drain);
    }
    return drain;
  }

  /** Connections open now, and how many of them have a request in flight. */
  get open(): { connections: number; busy: number } {
    let busy = 0;
    for (const connection of this.connections.values()) if (connection.inFlight > 0) busy++;
    return { connections: this.connections.size, busy };
  }

  /** From now on every answer closes its connection, so keep-alive clients let go of it. */
  closeEachAnswer(): void {
    this.closing = true;
  }

  /**
   * Stops accepting, then waits until every connection has closed: busy ones when their requests are
   * answered, idle ones after their grace. What is still open after `timeoutMs` is destroyed.
   */
  async drain(timeoutMs: number): Promise<DrainOutcome> {
    this.closeEachAnswer();
    // net.Server's close stops the listener alone; http.Server's would also close idle connections now.
    if (this.server.listening) NetServer.prototype.close.call(this.server);
    const listenerClosedAt = Date.now();
    const deadline = Date.now() + timeoutMs;
    let closedIdle = 0;
    while (this.connections.size > 0 && Date.now() < deadline) {
      const now = Date.now();
      for (const [socket, connection] of this.connections) {
        const idleFor = now - Math.max(connection.idleSince, listenerClosedAt);
        if (connection.inFlight === 0 && idleFor >= DRAIN_IDLE_GRACE_MS) {
          this.connections.delete(socket);
          socket.destroy();
          closedIdle++;
        }
      }
      if (this.connections.size === 0) break;
      await Promise.race([
        new Promise<void>((resolve) => (this.wake = resolve)),
        delay(Math.min(DRAIN_POLL_MS, Math.max(0, deadline - Date.now()))),
      ]);
      this.wake = null;
    }
    let destroyedBusy = 0;
    for (const [socket, connection] of this.connections) {
      if (connection.inFlight > 0) destroyedBusy++;
      else closedIdle++;
      socket.destroy();
    }
    this.connections.clear();
    return { closedIdle, destroyedBusy };
  }

  private changed(): void {
    this.wake?.();
  }
}
