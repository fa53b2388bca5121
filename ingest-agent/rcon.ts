/**
 * RCON, the Quake 3 way: `\xff\xff\xff\xffrcon <password> <command>` to the game port on localhost, and
 * the console's output back in one or more `\xff\xff\xff\xffprint\n<text>` packets. A wrong password
 * is answered with "Bad rconpassword." and none set with "No rconpassword set on the server.".
 */
import { OOB, decodeGameText, udpExchange } from './game-status.ts';

export type RconResult =
  | { readonly ok: true; readonly output: string }
  | { readonly ok: false; readonly reason: string };

const PRINT = 'print\n';

/** Runs one console command; the password never leaves this machine (the target is localhost). */
export async function sendRcon(
  target: { host: string; port: number },
  password: string,
  command: string,
  timeoutMs: number,
): Promise<RconResult> {
  const chunks: string[] = [];
  try {
    await udpExchange(
      target,
      Buffer.concat([OOB, Buffer.from(`rcon ${password} ${command}`, 'latin1')]),
      timeoutMs,
      (packet) => {
        if (!packet.subarray(0, 4).equals(OOB)) return 'ignore';
        const text = decodeGameText(packet.subarray(4));
        if (!text.startsWith(PRINT)) return 'ignore';
        chunks.push(text.slice(PRINT.length));
        return 'more';
      },
    );
  } catch (error) {
    if (chunks.length === 0) return { ok: false, reason: `RCON: ${(error as Error).message}` };
  }
  const output = chunks.join('');
  if (/^Bad rconpassword/i.test(output))
    return {
      ok: false,
      reason: 'RCON refused the password: check "rconPassword" in the agent config',
    };
  if (/^No rconpassword set/i.test(output))
    return { ok: false, reason: 'the game server has no rconpassword set' };
  return { ok: true, output };
}
