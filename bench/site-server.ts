// The server side of `npm run bench site`, in a process of its own: the Worker in workerd (miniflare) and
// the WebSocket bridge to PostgreSQL. The timing client stays alone in the bench's process, as a browser
// is apart from the server: neither the bridge's relaying nor miniflare's work lands in its timings.
// Usage: site-server.ts POSTGRES_URL POSTGRES_PORT; prints `ready <url>`, stops on SIGTERM.
import { startWsBridge } from '../scripts/lib/ws-bridge.ts';
import { startWorker } from '../test/support/workerd.ts';

const [url, port] = process.argv.slice(2);
if (!url || !port) throw new Error('usage: site-server.ts POSTGRES_URL POSTGRES_PORT');
const bridge = await startWsBridge({ target: { host: '127.0.0.1', port: Number(port) } });
const worker = await startWorker({
  bindings: {
    DATABASE_URL: url,
    DATABASE_WS_PROXY: bridge.url,
    DISCORD_PUBLIC_KEY: '00'.repeat(32),
    DISCORD_APPLICATION_ID: '100000000000000001',
  },
});
const stop = async () => {
  await worker.stop();
  await bridge.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
console.log(`ready ${worker.url}`);
