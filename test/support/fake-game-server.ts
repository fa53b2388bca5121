// A stand-in for an ET:Legacy server's UDP port: answers `getstatus` with its current state and runs
// `rcon` like the real console does (a wrong password is answered "Bad rconpassword."), recording every
// console line it ran so tests can see what reached the game.
import { createSocket, type Socket } from 'node:dgram';

export interface FakePlayer {
  name: string;
  score: number;
  ping: number;
}

export interface FakeGameServer {
  readonly port: number;
  /** What getstatus reports; change it between polls. */
  readonly state: { hostname: string; map: string; gamestate: number; players: FakePlayer[] };
  /** Console lines RCON ran (with the right password), in order. */
  readonly ran: string[];
  /** Every rcon packet received, right password or not. */
  readonly rconAttempts: { password: string; command: string }[];
  /** getstatus queries answered. */
  statusQueries(): number;
  close(): Promise<void>;
}

const OOB = Buffer.from([0xff, 0xff, 0xff, 0xff]);

export async function startFakeGameServer(options: {
  rconPassword: string;
  map?: string;
}): Promise<FakeGameServer> {
  const state = {
    hostname: '^1EU ^7#1',
    map: options.map ?? 'supply',
    gamestate: 0,
    players: [] as FakePlayer[],
  };
  const ran: string[] = [];
  const rconAttempts: { password: string; command: string }[] = [];
  let queries = 0;
  const socket: Socket = createSocket('udp4');
  const send = (text: string, port: number, address: string) =>
    socket.send(Buffer.concat([OOB, Buffer.from(text, 'latin1')]), port, address);
  socket.on('message', (packet, from) => {
    if (!packet.subarray(0, 4).equals(OOB)) return;
    const text = packet.subarray(4).toString('latin1');
    if (text === 'getstatus\n' || text === 'getstatus') {
      queries++;
      const info = `\\sv_hostname\\${state.hostname}\\mapname\\${state.map}\\gamestate\\${state.gamestate}\\sv_maxclients\\20\\timelimit\\12`;
      const lines = state.players.map((p) => `${p.score} ${p.ping} "${p.name}"\n`).join('');
      send(`statusResponse\n${info}\n${lines}`, from.port, from.address);
      return;
    }
    const m = /^rcon (\S+) (.*)$/s.exec(text);
    if (!m) return;
    const [, password = '', command = ''] = m;
    rconAttempts.push({ password, command });
    if (password !== options.rconPassword) {
      send('print\nBad rconpassword.\n', from.port, from.address);
      return;
    }
    ran.push(command);
    const map = /^map (\S+)$/.exec(command);
    if (map) state.map = map[1] as string;
    // The real console answers in pieces for long output; two packets exercise that.
    send(`print\nran: ${command.slice(0, 40)}`, from.port, from.address);
    send('print\n\n', from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    state,
    ran,
    rconAttempts,
    statusQueries: () => queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
