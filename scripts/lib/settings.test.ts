import { describe, expect, it } from 'vitest';
import { ConfigError, readRegisterConfig, readScriptSettings } from './settings.ts';

const APP = '1100000000000000001';

describe('readScriptSettings', () => {
  it('gives the Worker’s defaults when nothing is set', () => {
    expect(readScriptSettings({})).toEqual({
      databaseUrl: undefined,
      sessionGapMinutes: 60,
      seasons: { monthsPerSeason: 3 },
      serverTimeZone: 'UTC',
      port: undefined,
      workerVars: {},
    });
  });

  it('honours SEASONS, SESSION_GAP_MINUTES, SERVER_TIME_ZONE, DATABASE_URL and PORT', () => {
    const env = {
      DATABASE_URL: 'postgres://etstats:secret@db.example:5432/etstats',
      SESSION_GAP_MINUTES: ' 45 ',
      SEASONS: 'months:6@2025-07',
      SERVER_TIME_ZONE: 'Europe/Ljubljana',
      PORT: '9000',
    };
    expect(readScriptSettings(env)).toEqual({
      databaseUrl: 'postgres://etstats:secret@db.example:5432/etstats',
      sessionGapMinutes: 45,
      seasons: { monthsPerSeason: 6, anchor: '2025-07' },
      serverTimeZone: 'Europe/Ljubljana',
      port: 9000,
      workerVars: {
        SESSION_GAP_MINUTES: '45',
        SEASONS: 'months:6@2025-07',
        SERVER_TIME_ZONE: 'Europe/Ljubljana',
      },
    });
    expect(readScriptSettings({ SEASONS: 'starts:2025-01-01,2025-05-15' }).seasons).toEqual({
      starts: ['2025-01-01', '2025-05-15'],
    });
  });

  it.each([
    [
      'SESSION_GAP_MINUTES',
      'soon',
      /^Setting SESSION_GAP_MINUTES must be a positive number, got "soon"/,
    ],
    ['SESSION_GAP_MINUTES', '-5', /^Setting SESSION_GAP_MINUTES must be a positive number/],
    ['SEASONS', 'weekly', /^Setting SEASONS: season setting "weekly" is not "quarters"/],
    ['SEASONS', 'months:0', /^Setting SEASONS: season length 0 months/],
    [
      'SERVER_TIME_ZONE',
      'Mars/Olympus',
      /^Setting SERVER_TIME_ZONE "Mars\/Olympus" is not an IANA/,
    ],
    ['DATABASE_URL', 'db.example/etstats', /^Setting DATABASE_URL is not a URL/],
    ['PORT', 'eighty', /^Setting PORT must be a port number from 1 to 65535, got "eighty"/],
    ['PORT', '70000', /^Setting PORT must be a port number/],
  ])('refuses %s=%s with an error naming the setting', (name, value, message) => {
    const read = () => readScriptSettings({ [name]: value });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(message);
  });
});

describe('readRegisterConfig', () => {
  it('defaults the API base to Discord', () => {
    expect(readRegisterConfig({ DISCORD_APPLICATION_ID: APP, DISCORD_BOT_TOKEN: 't' })).toEqual({
      ok: true,
      config: { applicationId: APP, botToken: 't', apiBase: 'https://discord.com/api/v10' },
    });
  });

  it('rejects an application id that is not a snowflake', () => {
    expect(
      readRegisterConfig({ DISCORD_APPLICATION_ID: 'my-app', DISCORD_BOT_TOKEN: 't' }),
    ).toMatchObject({ ok: false, reason: /numeric snowflake/ });
  });
});
