import { fullGuid } from '../../generator/companions.ts';
import { generateCorpus } from '../../generator/index.ts';
import { statsLuaPayloads } from '../../generator/stats-lua.ts';

/**
 * One generated evening as stats.lua payloads in which two people share a GUID prefix: the player in the
 * most rounds is X in the evening's first half of matches and Y (another full GUID, same first 8
 * characters, named "Impostor") after. X is seen first, so X owns the prefix.
 */
export function guidCollision(seed = 4242) {
  const corpus = generateCorpus({ seed, evenings: 1, players: 10 });
  const generated = statsLuaPayloads(corpus.files);
  const counts = new Map<string, number>();
  for (const f of generated)
    for (const key of Object.keys(f.payload.player_stats as object))
      if (/^[0-9A-F]{32}$/.test(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  const X = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] as string;
  const PREFIX = X.slice(0, 8);
  const Y = `${PREFIX}${fullGuid('impostor').slice(8)}`;
  const matchOf = (name: string) => name.split('-')[1] as string;
  const matches = [...new Set(generated.map((f) => matchOf(f.name)))];
  const late = new Set(matches.slice(Math.ceil(matches.length / 2)));
  const encoder = new TextEncoder();
  const files = generated.map((f) => {
    if (!late.has(matchOf(f.name)))
      return { name: f.name, bytes: encoder.encode(JSON.stringify(f.payload)) };
    const payload = JSON.parse(JSON.stringify(f.payload).replaceAll(X, Y));
    if (payload.player_stats[Y]) payload.player_stats[Y].name = '^3Impostor';
    return { name: f.name, bytes: encoder.encode(JSON.stringify(payload)) };
  });
  const naming = (guid: string) => (f: { bytes: Uint8Array }) =>
    new TextDecoder().decode(f.bytes).includes(guid);
  return {
    corpus,
    X,
    Y,
    PREFIX,
    files,
    late,
    matchOf,
    xRounds: files.filter((f) => !late.has(matchOf(f.name))).filter(naming(X)),
    yRounds: files.filter((f) => late.has(matchOf(f.name))).filter(naming(Y)),
  };
}
