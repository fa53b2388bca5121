// The page cache is keyed by the code that draws the pages as well as by the data: a deployment (or a
// bump of the markup version) never meets a page or an ETag of the code before it.
import { describe, expect, it } from 'vitest';
import { readSiteConfig } from '../config.ts';
import { cacheKeyOf, codeVersion, etagOf, SITE_MARKUP_VERSION } from './cache.ts';

describe('the page cache key', () => {
  it('holds the markup version, and the deployment’s id when Cloudflare gives one', () => {
    expect(codeVersion(undefined)).toBe(`m${SITE_MARKUP_VERSION}`);
    expect(codeVersion('8d6d3e0b-5f1a-4c4e-9d43-0b8f3c1e2a77')).toBe(
      `m${SITE_MARKUP_VERSION}-8d6d3e0b-5f1a-4c4e-9d43-0b8f3c1e2a77`,
    );
    // Whatever the binding holds, the ETag stays one quoted token.
    expect(codeVersion('a"b c')).toBe(`m${SITE_MARKUP_VERSION}-abc`);
  });

  it('changes the ETag and the Workers cache key when the code changes, the data staying', () => {
    const url = 'https://stats.example.org/players?page=2';
    const before = codeVersion('version-one');
    const after = codeVersion('version-two');
    expect(etagOf(1, 7, before)).not.toBe(etagOf(1, 7, after));
    expect(cacheKeyOf(url, 1, 7, before)).not.toBe(cacheKeyOf(url, 1, 7, after));
    expect(cacheKeyOf(url, 1, 7, before)).not.toBe(cacheKeyOf(url, 1, 8, before));
    expect(cacheKeyOf(url, 1, 7, before)).toBe(
      `https://stats.example.org/players?page=2&__version=1-7-${before}`,
    );
  });

  it('reads the deployment from the CF_VERSION_METADATA binding', () => {
    expect(readSiteConfig({ CF_VERSION_METADATA: { id: 'abc-123' } }).deployment).toBe('abc-123');
    expect(readSiteConfig({}).deployment).toBeUndefined();
  });
});
