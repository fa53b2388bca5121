import { customType } from 'drizzle-orm/pg-core';

/** Raw file bytes. Drivers hand back a Buffer, a Uint8Array or `\x…` hex text: all become a Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: string | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  fromDriver: (value) => bytesFrom(value),
});

/** A bytea value as a driver or JSON (`\x…` hex text) hands it back. */
export function bytesFrom(value: string | Uint8Array): Uint8Array {
  if (typeof value !== 'string') return new Uint8Array(value);
  const hex = value.startsWith('\\x') ? value.slice(2) : value;
  const nibble = (at: number) => {
    const c = hex.charCodeAt(at);
    return c <= 57 ? c - 48 : (c | 32) - 87;
  };
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (nibble(i * 2) << 4) | nibble(i * 2 + 1);
  return out;
}
