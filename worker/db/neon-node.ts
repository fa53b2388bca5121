// Node only: Node 20 has no global WebSocket, so Neon's driver gets the `ws` package. Import this once,
// before `openNeon`, from benchmarks, scripts and tests that use the Neon driver outside workerd.
import { neonConfig } from '@neondatabase/serverless';
import ws from 'ws';

neonConfig.webSocketConstructor = ws;

export { openNeon } from './neon.ts';
