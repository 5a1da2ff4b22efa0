import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transparencyConfig } from '../config/transparency-config';
import { loadTransparencyKeys, publishedKeys, rotateLogKey, signingKeys } from './checkpoint-keys';
import { checkpointText } from './checkpoint-format';
import { EMPTY_ROOT } from './merkle-tree';
import { checkNote, newSm2Pkcs8, parseVkey, SIGNATURE_TYPE_ED25519, SIGNATURE_TYPE_SM2, signNote } from './signed-note';

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

  it('TLOG_SIGNATURE=sm2: the first key is SM2; a deployment on Ed25519 moves to SM2 by a rotation, both signing during the overlap', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlog-keys-'));
    const sm2 = transparencyConfig({ TLOG_ORIGIN: 'jw.example/case-trail', TLOG_SIGNATURE: 'sm2' }, dir);
    const keys = loadTransparencyKeys(sm2, new Date('2026-01-01T00:00:00Z'));
    expect(parseVkey(keys.logKeys[0].signer.vkey).type).toBe(SIGNATURE_TYPE_SM2);

    const other = mkdtempSync(join(tmpdir(), 'tlog-keys-'));
    const start = new Date('2026-01-01T00:00:00Z');
    const ed = loadTransparencyKeys(transparencyConfig({ TLOG_ORIGIN: 'jw.example/case-trail' }, other), start).logKeys[0].signer;
    expect(ed.type).toBe(SIGNATURE_TYPE_ED25519);
    const rotatedAt = new Date(start.getTime() + DAY);
    const fresh = rotateLogKey(transparencyConfig({ TLOG_ORIGIN: 'jw.example/case-trail', TLOG_SIGNATURE: 'sm2' }, other), 7, rotatedAt);
    const both = signingKeys(loadTransparencyKeys(transparencyConfig({ TLOG_ORIGIN: 'jw.example/case-trail' }, other), rotatedAt), rotatedAt);
    expect(both.map((signer) => signer.type)).toEqual([SIGNATURE_TYPE_ED25519, SIGNATURE_TYPE_SM2]);
    expect(both[1].vkey).toBe(fresh);
    const note = signNote(checkpointText('jw.example/case-trail', 0, EMPTY_ROOT), both);
    expect(checkNote(note, [parseVkey(ed.vkey), parseVkey(fresh)]).verified).toHaveLength(2);
  });

  it('TLOG_SIGNING_KEY with TLOG_SIGNATURE=sm2 takes an SM2 private key (PKCS#8 DER, base64) and refuses anything else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlog-keys-'));
    const pkcs8 = newSm2Pkcs8().toString('base64');
    const keys = loadTransparencyKeys(transparencyConfig({ TLOG_ORIGIN: 'jw.example/case-trail', TLOG_SIGNATURE: 'sm2', TLOG_SIGNING_KEY: pkcs8 }, dir));
    expect(keys.logKeys[0].signer.type).toBe(SIGNATURE_TYPE_SM2);
    expect(() =>
      loadTransparencyKeys(
        transparencyConfig({ TLOG_ORIGIN: 'jw.example/case-trail', TLOG_SIGNATURE: 'sm2', TLOG_SIGNING_KEY: Buffer.alloc(32, 7).toString('base64') }, dir),
      ),
    ).toThrow(/SM2 private key in PKCS#8 DER/);
    expect(() => transparencyConfig({ TLOG_SIGNATURE: 'rsa' }, dir)).toThrow(/TLOG_SIGNATURE must be ed25519 or sm2/);
  });
});
