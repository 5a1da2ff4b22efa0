import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transparencyConfig } from '../config/transparency-config';
import { loadTransparencyKeys, publishedKeys, rotateLogKey, signingKeys } from './checkpoint-keys';

const DAY = 24 * 3600 * 1000;

describe('the transparency log keys', () => {
  const config = () => transparencyConfig({ TLOG_ORIGIN: 'jw.example/case-trail' }, mkdtempSync(join(tmpdir(), 'tlog-keys-')));

  it('are generated once into the data directory, readable by the owner only, and the same on the next start', () => {
    const settings = config();
    const first = loadTransparencyKeys(settings, new Date('2026-01-01T00:00:00Z'));
    expect(statSync(settings.keyFile).mode & 0o777).toBe(0o600);
    const again = loadTransparencyKeys(settings, new Date('2026-02-01T00:00:00Z'));
    expect(publishedKeys(again)).toEqual(publishedKeys(first));
    expect(first.logKeys[0].signer.vkey.startsWith('jw.example/case-trail+')).toBe(true);
  });

  it('rotate with an overlap: both keys sign during the window, then only the new one; the published list keeps both windows', () => {
    const settings = config();
    const start = new Date('2026-01-01T00:00:00Z');
    const old = loadTransparencyKeys(settings, start).logKeys[0].signer.vkey;
    const rotatedAt = new Date(start.getTime() + 10 * DAY);
    const fresh = rotateLogKey(settings, 30, rotatedAt);
    const keys = loadTransparencyKeys(settings, rotatedAt);
    expect(signingKeys(keys, new Date(rotatedAt.getTime() + DAY)).map((signer) => signer.vkey)).toEqual([old, fresh]);
    expect(signingKeys(keys, new Date(rotatedAt.getTime() + 31 * DAY)).map((signer) => signer.vkey)).toEqual([fresh]);
    expect(publishedKeys(keys).logKeys).toEqual([
      { vkey: old, validFrom: new Date(0).toISOString(), validUntil: new Date(rotatedAt.getTime() + 30 * DAY).toISOString() },
      { vkey: fresh, validFrom: rotatedAt.toISOString(), validUntil: null },
    ]);
    // The published form holds public keys only.
    const file = JSON.parse(readFileSync(settings.keyFile, 'utf8')) as { log: Array<{ seed: string }> };
    for (const key of file.log) expect(JSON.stringify(publishedKeys(keys))).not.toContain(key.seed);
  });
});
