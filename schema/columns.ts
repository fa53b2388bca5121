import { customType } from 'drizzle-orm/pg-core';

/** Raw file bytes. Sent as `\x…` hex text so every driver (PGlite, pg, Neon) stores them the same. */
export const bytea = customType<{ data: Uint8Array; driverData: string | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => `\\x${Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('')}`,
  fromDriver: (value) => {
    if (typeof value !== 'string') return new Uint8Array(value);
    const hex = value.startsWith('\\x') ? value.slice(2) : value;
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    return out;
  },
});
