/**
 * The agent's own allow-list: the last word on what runs through RCON. A command the Worker signed is
 * still refused here unless its action is allowed in this server's config and its arguments pass the
 * checks again; only then is it turned into exactly one console command.
 */
import { checkCommandArgs, type ServerCommand } from '../ingest-protocol/server-command.ts';
import type { ControlConfig } from './live-config.ts';

/** `etl_*` → /^etl_[A-Za-z0-9_-]*$/: a pattern can only ever match a plain map name. */
function mapPattern(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/-/g, '\\-'))
      .join('[A-Za-z0-9_-]*')}$`,
  );
}

export function mapAllowed(map: string, allowed: readonly string[]): boolean {
  return allowed.some((pattern) => mapPattern(pattern).test(map));
}

/** The console command to run, or why this server will not run it. */
export function consoleCommand(
  command: Pick<ServerCommand, 'action' | 'args'>,
  control: Pick<ControlConfig, 'allow' | 'maps'>,
): { ok: true; line: string } | { ok: false; reason: string } {
  if (!control.allow.includes(command.action))
    return { ok: false, reason: `"${command.action}" is not on this server's allow-list` };
  const checked = checkCommandArgs(command.action, command.args);
  if (!checked.ok) return checked;
  const [arg = ''] = command.args;
  switch (command.action) {
    case 'say':
      return { ok: true, line: `say "${arg}"` };
    case 'map_restart':
      return { ok: true, line: 'map_restart' };
    case 'map':
      if (!mapAllowed(arg, control.maps))
        return { ok: false, reason: `map "${arg}" is not among this server's allowed maps` };
      return { ok: true, line: `map ${arg}` };
    case 'kick':
      return { ok: true, line: /^\d+$/.test(arg) ? `clientkick ${arg}` : `kick ${arg}` };
  }
}
