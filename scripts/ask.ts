// `npm run ask -- "/stats player:iamez3"`: talks to the local Worker (started by `npm start`) as Discord
// would, signed with the local key, and prints the answer as text. See scripts/lib/ask-run.ts for options.
import { commands } from '../worker/commands/index.ts';
import { runAsk } from './lib/ask-run.ts';

const code = await runAsk(
  process.argv.slice(2),
  commands.map((command) => command.definition),
  { out: (line) => console.log(line), err: (line) => console.error(line) },
);
process.exitCode = code;
