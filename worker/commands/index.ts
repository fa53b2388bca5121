import type { Command } from '../discord/command.ts';
import type { CommandServices } from '../services.ts';
import { achievements } from './achievements.ts';
import { admin } from './admin/index.ts';
import { balance } from './balance.ts';
import { compare } from './compare.ts';
import { help } from './help.ts';
import { lastSession } from './session/last-session.ts';
import { link } from './link.ts';
import { map } from './map.ts';
import { maps } from './maps.ts';
import { players } from './players.ts';
import { rating } from './rating.ts';
import { season } from './season.ts';
import { server } from './server.ts';
import { session } from './session/session.ts';
import { sessions } from './session/sessions.ts';
import { stats } from './stats.ts';
import { teams } from './teams.ts';
import { status } from './status.ts';
import { top } from './top.ts';
import { unlink } from './unlink.ts';
import { weapon } from './weapon.ts';
import { weapons } from './weapons.ts';
import { whois } from './whois.ts';

/** Every slash command, in the order /help lists them. */
export const commands: readonly Command<CommandServices>[] = [
  help,
  // Player commands.
  stats,
  rating,
  balance,
  compare,
  whois,
  players,
  link,
  unlink,
  achievements,
  maps,
  map,
  weapons,
  weapon,
  status,
  server,
  // Session and leaderboard commands.
  lastSession,
  sessions,
  session,
  teams,
  top,
  season,
  // Staff.
  admin,
];
