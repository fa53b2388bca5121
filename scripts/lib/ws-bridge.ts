// Node only: the WebSocket→TCP bridge Neon's serverless driver needs to reach a Postgres that is not on Neon
// (PGlite served on loopback locally, a throwaway PostgreSQL cluster in CI). Loopback only, no TLS: the
// driver is told `useSecureWebSocket=false` and to speak plain Postgres protocol inside the frames.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface WsBridge {
  readonly port: number;
  /** `host:port` for `neonConfig.wsProxy` / the Worker's DATABASE_WS_PROXY. */
  readonly url: string;
  close(): Promise<void>;
}

export interface WsBridgeOptions {
  /** Loopback port to listen on; a free one when omitted. */
  port?: number;
  /** Always connect here; otherwise the `address=host:port` query parameter Neon appends decides. */
  target?: { host: string; port: number };
}

function targetFromUrl(requestUrl: string | undefined): { host: string; port: number } | undefined {
  const address = new URL(requestUrl ?? '/', 'ws://bridge').searchParams.get('address');
  const match = address?.match(/^\[?([^\]]+?)\]?:(\d+)$/);
  if (!match) return undefined;
  return { host: match[1]!, port: Number(match[2]) };
}

function pipe(ws: WebSocket, socket: Socket): void {
  ws.on('message', (data: Buffer) => socket.write(data));
  socket.on('data', (chunk) => ws.send(chunk, { binary: true }));
  // Postgres closing the connection (e.g. after Terminate) closes the WebSocket, and the reverse.
  socket.on('close', () => ws.close());
  socket.on('error', () => ws.close(1011, 'database connection failed'));
  ws.on('close', () => socket.end());
  ws.on('error', () => socket.destroy());
}

/** Starts the bridge on 127.0.0.1; each WebSocket becomes one TCP connection to the target. */
export async function startWsBridge(options: WsBridgeOptions = {}): Promise<WsBridge> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: options.port ?? 0 });
  const sockets = new Set<Socket>();
  server.on('connection', (ws, request) => {
    const target = options.target ?? targetFromUrl(request.url);
    if (!target) {
      ws.close(1008, 'expected ?address=host:port');
      return;
    }
    const socket = connect({ host: target.host, port: target.port, noDelay: true });
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    pipe(ws, socket);
  });
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  return {
    port,
    url: `127.0.0.1:${port}`,
    close: async () => {
      for (const ws of server.clients) ws.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
