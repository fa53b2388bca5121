// The voice part of the Discord stand-in (fake-discord.ts): who is in which voice channel, as tests and
// `npm start` users set it, answered the way GET /guilds/{guild}/voice-states/{user} answers, with
// Discord's per-route rate-limit headers from a bucket per guild.
//   POST /__voice { "guildId": "…", "userId": "…", "channelId": "…" | null }
//   POST /__voice/bucket { "guildId": "…", "limit": 3, "windowSeconds": 60 }

export interface VoiceBucket {
  /** Requests per window before the route answers 429. */
  readonly limit: number;
  readonly windowSeconds: number;
}

/** Discord's bucket for the voice-state route is not documented; this one never limits a test that did not ask. */
const DEFAULT_BUCKET: VoiceBucket = { limit: 10_000, windowSeconds: 1 };

export interface VoiceAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export interface VoiceStates {
  /** Puts the member in a voice channel of the guild, or (null) out of voice. */
  set(guildId: string, userId: string, channelId: string | null): void;
  /** A smaller bucket for the guild's voice-state route (the headers then count it down). */
  setBucket(guildId: string, bucket: VoiceBucket): void;
  answer(guildId: string, userId: string): VoiceAnswer;
  clear(): void;
}

export function createVoiceStates(now: () => number = Date.now): VoiceStates {
  const channels = new Map<string, string>();
  const buckets = new Map<string, VoiceBucket>();
  const windows = new Map<string, { startedAt: number; used: number }>();
  const key = (guildId: string, userId: string) => `${guildId}/${userId}`;
  return {
    set(guildId, userId, channelId) {
      if (channelId === null) channels.delete(key(guildId, userId));
      else channels.set(key(guildId, userId), channelId);
    },
    setBucket(guildId, bucket) {
      buckets.set(guildId, bucket);
      windows.delete(guildId);
    },
    answer(guildId, userId) {
      const bucket = buckets.get(guildId) ?? DEFAULT_BUCKET;
      const at = now();
      let window = windows.get(guildId);
      if (!window || at - window.startedAt >= bucket.windowSeconds * 1000) {
        window = { startedAt: at, used: 0 };
        windows.set(guildId, window);
      }
      const resetAfter = Math.max(0, window.startedAt + bucket.windowSeconds * 1000 - at) / 1000;
      window.used += 1;
      const headers = {
        'x-ratelimit-limit': String(bucket.limit),
        'x-ratelimit-remaining': String(Math.max(0, bucket.limit - window.used)),
        'x-ratelimit-reset-after': resetAfter.toFixed(3),
        'x-ratelimit-bucket': `voice-states-${guildId}`,
      };
      if (window.used > bucket.limit)
        return {
          status: 429,
          headers: {
            ...headers,
            'retry-after': String(Math.ceil(resetAfter)),
            'x-ratelimit-scope': 'user',
          },
          body: { message: 'You are being rate limited.', retry_after: resetAfter, global: false },
        };
      const channelId = channels.get(key(guildId, userId));
      if (channelId === undefined)
        return { status: 404, headers, body: { message: 'Unknown Voice State', code: 10065 } };
      return {
        status: 200,
        headers,
        body: {
          guild_id: guildId,
          channel_id: channelId,
          user_id: userId,
          session_id: `fake-${userId}`,
          deaf: false,
          mute: false,
          self_deaf: false,
          self_mute: false,
          self_video: false,
          suppress: false,
          request_to_speak_timestamp: null,
        },
      };
    },
    clear() {
      channels.clear();
      buckets.clear();
      windows.clear();
    },
  };
}
