import { customType } from 'drizzle-orm/pg-core';

/** Raw file bytes. Drivers hand back a Buffer, a Uint8Array or `\x…` hex text: all become a Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: string | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => {
    if (typeof value !== 'string') return new Uint8Array(value);
    const hex = value.startsWith('\\x') ? value.slice(2) : value;
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    return out;
  },
});
