import type { Random } from './random.ts';

/** 0 soldier, 1 medic, 2 engineer, 3 field ops, 4 covert ops. */
export type PlayerClass = 0 | 1 | 2 | 3 | 4;

/** One player (or omni-bot) of the generated community. `name` is the name in use right now. */
export interface Person {
  readonly guid: string;
  readonly bot: boolean;
  /** Around 1; scales kills up and deaths down. */
  readonly skill: number;
  readonly classes: readonly PlayerClass[];
  /** How likely the player is to show up on an evening, relative to the others. */
  readonly weight: number;
  /** The client sends Latin-1 bytes rather than UTF-8 for names with accented letters. */
  readonly latin1: boolean;
  readonly base: string;
  name: string;
}

const HANDLES = [
  'kris',
  'endekk',
  'Proner',
  'wiseBoy',
  'iamez',
  'lagger',
  'Mixi',
  'c0rn',
  'seareal',
  'Jaka',
  'vid',
  'bronze',
  'pkb',
  'ragu',
  'Cru3lzor',
  'SuperBoyy',
  'olz',
  'Snake',
  'bAMBI',
  'carniee',
  'Lekis',
  'v0id',
  'Ghost',
  'fiveup',
  'razz',
  'Dzim',
  'squad',
  'tREX',
  'Nova',
  'hoax',
  'Kanon',
  'milk',
  'Zlatan',
  'grim',
];

/** Names that break naive code: markdown, mentions, quotes, SQL, HTML, odd Unicode, colour-only. */
const ODD_NAMES = [
  '**bold**',
  '__init__',
  '~~gone~~',
  '`rm -rf`',
  '||spoiler||',
  '> quoted',
  '@everyone',
  '@here',
  '<@123456789012345678>',
  "O'Neil",
  '"quoted"',
  "Robert'); DROP TABLE players;--",
  "1' OR '1'='1",
  '<script>alert(1)</script>',
  '#general',
  ':smile:',
  'ETPlayer',
  'ｗｉｄｅ',
  '😀xX😀',
  'Ünïcödé',
  'ʕ•ᴥ•ʔ',
  'end^',
  '^^^',
  '^7',
  'two  spaces',
  '%s%n%d',
  '$' + '{name}',
  'null',
  'undefined',
  '-- ',
  '0',
  'Łukasz',
  '漢字ET',
  'a'.repeat(35),
];

/** Names with Latin-1 letters, each accented letter between ASCII ones (so the bytes are not UTF-8). */
const ACCENTED_NAMES = [
  'Jörg',
  'Müller',
  'Señor',
  'Ærø',
  'Björn',
  'François',
  'µ-Ace',
  '§Sniper§',
  '°Kalt°',
  '¿Qué?',
  'Gänsé',
];

const BOT_NAMES = [
  '[BOT]Sarge',
  '[BOT]Hans',
  '[BOT]Ted',
  '[BOT]Chuck',
  '[BOT]Klaus',
  '[BOT]Fritz',
  '[BOT]Wolf',
  '[BOT]Otto',
];

const COLOUR_CODES = '0123456789abcdefghijklmnopqrstuvwxyz?*=<>/';

export interface NameRates {
  /** Chance a new name is one of the odd ones (markdown, mentions, quotes, Unicode...). */
  readonly odd: number;
  /** Chance a new name uses Latin-1 letters. */
  readonly accented: number;
}

/** Inserts a few `^X` colour codes at random positions (never splitting a UTF-16 pair). */
export function colourise(name: string, random: Random): string {
  let out = '';
  const codes = random.int(1, 4);
  const at = new Set<number>();
  for (let i = 0; i < codes; i++) at.add(random.int(0, name.length));
  for (let i = 0; i <= name.length; i++) {
    if (at.has(i) && !isLowSurrogate(name.charCodeAt(i)))
      out += `^${random.pick([...COLOUR_CODES])}`;
    if (i < name.length) out += name[i];
  }
  return out;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** A name the player might pick next: a variant of their handle, or sometimes an odd one. */
export function nextName(
  person: Pick<Person, 'base' | 'bot'>,
  random: Random,
  rates: NameRates,
): string {
  if (person.bot) return person.base;
  const roll = random.next();
  if (roll < rates.odd)
    return random.chance(0.3) ? colourise(random.pick(ODD_NAMES), random) : random.pick(ODD_NAMES);
  if (roll < rates.odd + rates.accented)
    return random.pick(ACCENTED_NAMES) + (random.chance(0.5) ? random.int(1, 99) : '');
  const style = random.int(0, 6);
  if (style === 0) return person.base;
  if (style === 1) return colourise(person.base, random);
  if (style === 2) return `${person.base}_${random.int(1, 99)}`;
  if (style === 3)
    return `${random.pick(['[FTW]', '|TDK|', '=GK=', '^1[^7xX^1]^7', 'eX.'])}${person.base}`;
  if (style === 4) return colourise(`${person.base}_${random.int(1, 99)}`, random);
  if (style === 5) return `${person.base}${random.pick(['★', '™', '♪', 'ツ', '😎', '✌'])}`;
  return `^${random.pick([...COLOUR_CODES])}${person.base}`;
}

/** How a line holding this name must be encoded: Latin-1 only when that makes invalid UTF-8. */
export function encodesAsLatin1(person: Person, name: string): boolean {
  if (!person.latin1) return false;
  let high = false;
  let previousHigh = false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code > 0xff) return false;
    const isHigh = code >= 0x80;
    // Two accented letters in a row could form a valid UTF-8 sequence and decode as something else.
    if (isHigh && previousHigh) return false;
    high ||= isHigh;
    previousHigh = isHigh;
  }
  return high;
}

function guidOf(random: Random, taken: Set<string>): string {
  for (;;) {
    const guid = random.seed().toString(16).toUpperCase().padStart(8, '0');
    if (!taken.has(guid)) {
      taken.add(guid);
      return guid;
    }
  }
}

/** The community: `humans` players with distinct GUIDs and `bots` omni-bots (`OMNIBOT<n>`). */
export function createPeople(
  humans: number,
  bots: number,
  random: Random,
  rates: NameRates,
): Person[] {
  const taken = new Set<string>();
  const people: Person[] = [];
  for (let i = 0; i < humans; i++) {
    const base = `${random.pick(HANDLES)}${i}`;
    const main = random.int(0, 4) as PlayerClass;
    const person: Person = {
      guid: guidOf(random, taken),
      bot: false,
      skill: Math.exp(random.real(-0.5, 0.5)),
      classes: random.chance(0.6) ? [main] : [main, random.int(0, 4) as PlayerClass],
      weight: 1 / (1 + i * random.real(0.02, 0.08)),
      latin1: random.chance(0.5),
      base,
      name: base,
    };
    person.name = nextName(person, random, rates);
    people.push(person);
  }
  for (let i = 0; i < bots; i++) {
    const plain = `${BOT_NAMES[i % BOT_NAMES.length]}${i}`;
    const base = random.chance(0.25) ? colourise(plain, random) : plain;
    people.push({
      guid: `OMNIBOT${i}`,
      bot: true,
      skill: random.real(0.6, 1.1),
      classes: [random.int(0, 4) as PlayerClass],
      weight: 1,
      latin1: false,
      base,
      name: base,
    });
  }
  return people;
}
