import { beforeAll, describe, expect, it } from 'vitest';
import { type ExportedKeyPair, generateKeyPair, importSigningKey } from './keys.ts';

let exportedA: ExportedKeyPair;

beforeAll(async () => {
  exportedA = await generateKeyPair();
});

describe('importSigningKey', () => {
  it('refuses a config whose public key does not belong to its private key', async () => {
    const other = await generateKeyPair();
    await expect(
      importSigningKey({ publicKey: other.publicKey, privateKey: exportedA.privateKey }),
    ).rejects.toThrow(/does not belong/);
  });
});
