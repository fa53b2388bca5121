import { describe, expect, it } from 'vitest';
import type { ParsedRound, PlayerLine } from '../round.ts';
import { claimsOf, fileUnderOwners, type GuidClaim, withClaims } from './owners.ts';

const X = 'AAAA1111BBBB2222CCCC3333DDDD4444';
const Y = 'AAAA1111FFFF0000FFFF0000FFFF0000';
const Z = 'BBBB2222CCCC3333DDDD4444EEEE5555';

const line = (full: string | undefined, guid: string): PlayerLine =>
  ({ guid, ...(full ? { fullGuid: full } : {}) }) as PlayerLine;

const luaRound = (players: PlayerLine[], endedAtMs = 1_000): ParsedRound =>
  ({ players, source: 'stats-lua', endedAtMs }) as unknown as ParsedRound;

const claimOf = (guid: string, firstMs: number): GuidClaim => ({
  guid,
  prefix: guid.slice(0, 8),
  firstMs,
});

describe('prefix owners of stats.lua GUIDs', () => {
  it('a round claims its full GUIDs at its end; bots and round files claim nothing', () => {
    const round = luaRound([line(X, 'AAAA1111'), line(undefined, 'OMNIBOT1')], 5_000);
    expect(claimsOf(round)).toEqual([claimOf(X, 5_000)]);
    expect(claimsOf({ ...round, source: undefined } as ParsedRound)).toEqual([]);
  });

  it('the GUID seen first owns the prefix, whichever claim is added first', () => {
    const early = claimOf(Y, 1_000);
    const late = claimOf(X, 2_000);
    expect(withClaims(new Map(), [late, early]).get('AAAA1111')).toEqual(early);
    expect(withClaims(new Map([['AAAA1111', early]]), [late]).get('AAAA1111')).toEqual(early);
    expect(withClaims(new Map([['AAAA1111', late]]), [early]).get('AAAA1111')).toEqual(early);
  });

  it('two GUIDs first seen in the same round: the lower text owns', () => {
    expect(
      withClaims(new Map(), [claimOf(Y, 1_000), claimOf(X, 1_000)]).get('AAAA1111')?.guid,
    ).toBe(X);
  });

  it('files the owner under the prefix and any other GUID under its 32 characters', () => {
    const round = luaRound([
      line(X, X),
      line(Y, Y),
      line(Z, 'BBBB2222'),
      line(undefined, 'OMNIBOT1'),
    ]);
    const owners = new Map([['AAAA1111', claimOf(X, 1)]]);
    expect(fileUnderOwners(round, owners).players.map((p) => p.guid)).toEqual([
      'AAAA1111',
      Y,
      'BBBB2222',
      'OMNIBOT1',
    ]);
    const other = new Map([
      ['AAAA1111', claimOf(Y, 1)],
      ['BBBB2222', claimOf(Z.replace('E', 'F'), 1)],
    ]);
    expect(fileUnderOwners(round, other).players.map((p) => p.guid)).toEqual([
      X,
      'AAAA1111',
      Z,
      'OMNIBOT1',
    ]);
  });

  it('leaves a round file alone', () => {
    const file = { players: [line(undefined, 'AAAA1111')] } as unknown as ParsedRound;
    expect(fileUnderOwners(file, new Map([['AAAA1111', claimOf(Y, 1)]]))).toBe(file);
  });
});
