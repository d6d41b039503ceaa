import { createServer, connect, Server, Socket } from 'node:net';

/**
 * A TCP proxy of the tests' own between the app and a service (MySQL, Redis), so a test can cut the
 * service off and bring it back without touching the shared server.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  /** Each forwarded client connection and its upstream, to forward again after a hang. */
  private readonly pairs = new Map<Socket, Socket>();
  port = 0;
  /** Reads the proxy received from clients (each is at least one write of a client): round trips sent. */
  chunksFromClients = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  private hung = false;

  async start(port = 0): Promise<number> {
    this.server = createServer((client) => {
      if (this.hung) {
        // Accepted and never answered, as a server whose process is stopped.
        this.sockets.add(client);
        client.on('close', () => this.sockets.delete(client));
        client.on('error', () => client.destroy());
        return;
      }
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.on('data', () => this.chunksFromClients++);
      client.pipe(upstream).pipe(client);
      this.pairs.set(client, upstream);
      client.on('close', () => {
        this.pairs.delete(client);
        upstream.destroy();
      });
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Drops every connection and refuses new ones, as a service that went away. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /**
   * Stops forwarding in both directions without closing anything, and accepts new connections without
   * answering them: a service that hangs (SIGSTOP, a blackholed network), which only deadlines survive.
   */
  hang(): void {
    this.hung = true;
    for (const socket of this.sockets) {
      socket.unpipe();
      socket.pause();
    }
  }

  /**
   * Ends a hang: forwarding resumes on the connections it held, so what was sent during the hang reaches
   * the service now (a stopped process continued with SIGCONT), and new connections are forwarded again.
   */
  resume(): void {
    this.hung = false;
    for (const [client, upstream] of this.pairs) {
      client.pipe(upstream).pipe(client);
      client.resume();
      upstream.resume();
    }
  }

  /** Accepts connections again on the same port, as a service that came back. */
  async restore(): Promise<void> {
    this.hung = false;
    await this.start(this.port);
  }

  stop(): Promise<void> {
    return this.cut();
  }
}
