import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWsBridge, type WsBridge } from './ws-bridge.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A TCP server that echoes every byte back and records its connections. */
async function echoServer() {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { port, sockets };
}

async function bridge(options: Parameters<typeof startWsBridge>[0]): Promise<WsBridge> {
  const started = await startWsBridge(options);
  cleanups.push(() => started.close());
  return started;
}

async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  await once(ws, 'open');
  return ws;
}

function nextMessage(ws: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) =>
    ws.once('message', (data: Buffer, isBinary: boolean) => resolve({ data, isBinary })),
  );
}

describe('startWsBridge', () => {
  it('connects to the address Neon puts in the query string and carries binary frames both ways', async () => {
    const echo = await echoServer();
    const { url } = await bridge({});
    const ws = await open(`ws://${url}?address=127.0.0.1:${echo.port}`);
    const payload = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 10, 13]);
    const reply = nextMessage(ws);
    ws.send(payload);
    const { data, isBinary } = await reply;
    expect(isBinary).toBe(true);
    expect(Buffer.compare(data, payload)).toBe(0);
    ws.close();
  });

  it('uses the fixed target whatever address the client asks for', async () => {
    const echo = await echoServer();
    const { url } = await bridge({ target: { host: '127.0.0.1', port: echo.port } });
    const ws = await open(`ws://${url}?address=db.example.invalid:5432`);
    const reply = nextMessage(ws);
    ws.send(Buffer.from('hello'));
    expect((await reply).data.toString()).toBe('hello');
    ws.close();
  });

  it('closes the WebSocket when the database side closes the connection', async () => {
    const echo = await echoServer();
    const { url } = await bridge({ target: { host: '127.0.0.1', port: echo.port } });
    const ws = await open(`ws://${url}`);
    const reply = nextMessage(ws);
    ws.send(Buffer.from('x'));
    await reply; // the TCP side is connected once it has echoed
    const closed = once(ws, 'close');
    echo.sockets[0]!.end();
    await closed;
    expect(ws.readyState).toBe(WebSocket.CLOSED);
  });

  it('ends the TCP connection when the WebSocket closes', async () => {
    const echo = await echoServer();
    const { url } = await bridge({ target: { host: '127.0.0.1', port: echo.port } });
    const ws = await open(`ws://${url}`);
    const reply = nextMessage(ws);
    ws.send(Buffer.from('x'));
    await reply;
    const ended = once(echo.sockets[0]!, 'end');
    ws.close();
    await ended;
  });

  it('refuses a client that names no address when no target is fixed', async () => {
    const { url } = await bridge({});
    const ws = new WebSocket(`ws://${url}`);
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(1008);
  });

  it('closes the WebSocket when the target refuses the connection', async () => {
    const echo = await echoServer();
    const refusedPort = echo.port;
    await cleanups.pop()!(); // nothing listens on that port any more
    const { url } = await bridge({ target: { host: '127.0.0.1', port: refusedPort } });
    const ws = new WebSocket(`ws://${url}`);
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(1011);
  });

  it('drops its open connections when closed', async () => {
    const echo = await echoServer();
    const started = await startWsBridge({ target: { host: '127.0.0.1', port: echo.port } });
    const ws = await open(`ws://${started.url}`);
    const closed = once(ws, 'close');
    await started.close();
    await closed;
    await expect(open(`ws://${started.url}`)).rejects.toThrow();
  });
});
