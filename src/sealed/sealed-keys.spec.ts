import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SealedKeyConfig } from '../config/app-config';
import { SealedBox, SealedKeyMissingError } from './sealed-box';
import { addKeyToFile, keyIdOf, loadKeyRing } from './sealed-keys';

const config = (overrides: Partial<SealedKeyConfig> = {}): SealedKeyConfig => ({
  previousKeys: [],
  keyFile: join(mkdtempSync(join(tmpdir(), 'sealed-keys-')), 'keys.json'),
  keyFileConfigured: true,
  cipher: 'aes-256-gcm',
  production: false,
  ignoreMissingKeys: false,
  ...overrides,
});

describe('the keys of sealed identities', () => {
  it('outside production generates an owner-only key file once; a second start (or instance) reads the same keys', () => {
    const settings = config();
    const first = loadKeyRing(settings);
    expect(first.generated).toBe(true);
    expect(statSync(settings.keyFile).mode & 0o777).toBe(0o600);
    const second = loadKeyRing(settings);
    expect(second.generated).toBeUndefined();
    expect(second.current.id).toBe(first.current.id);
    expect(second.indexKey.equals(first.indexKey)).toBe(true);
  });

  it('in production generates nothing and refuses without a key', () => {
    const settings = config({ production: true });
    expect(() => loadKeyRing(settings)).toThrow(/NODE_ENV=production needs SEALED_KEY/);
    expect(() => readFileSync(settings.keyFile)).toThrow();
  });

  it('takes SEALED_KEY by its length (AES-256-GCM or SM4-GCM) with its index key and the previous keys', () => {
    const aes = randomBytes(32);
    const sm4 = randomBytes(16);
    const ring = loadKeyRing(config({ key: aes.toString('base64'), indexKey: randomBytes(32).toString('base64'), previousKeys: [sm4.toString('base64')] }));
    expect(ring.current).toMatchObject({ id: keyIdOf('aes-256-gcm', aes), cipher: 'aes-256-gcm' });
    expect(ring.keys.get(keyIdOf('sm4-gcm', sm4))?.cipher).toBe('sm4-gcm');
    expect(() => loadKeyRing(config({ key: aes.toString('base64') }))).toThrow(/SEALED_INDEX_KEY/);
    expect(() => loadKeyRing(config({ key: randomBytes(24).toString('base64'), indexKey: randomBytes(32).toString('base64') }))).toThrow(
      /32 bytes .* or 16 bytes/,
    );
  });

  it('after a key is added, older ciphertexts still open, new ones are sealed under the new key, the blind index is unchanged', () => {
    const settings = config();
    const before = new SealedBox(loadKeyRing(settings));
    const sealed = before.seal('王某某', 'case:1');
    const added = addKeyToFile(settings.keyFile, 'sm4-gcm');
    const after = new SealedBox(loadKeyRing(settings));
    expect(after.currentKeyId).toBe(added);
    expect(after.open(sealed, 'case:1')).toBe('王某某');
    expect(after.seal('王某某', 'case:1')).toMatchObject({ kid: added, alg: 'sm4-gcm' });
    expect(after.blind('applicant2')).toBe(before.blind('applicant2'));
    expect(after.blind('applicant2')).not.toBe(after.blind('applicant20'));
    expect(() => after.open(sealed, 'case:2')).toThrow();
    const stranger = new SealedBox(loadKeyRing(config()));
    expect(() => stranger.open(sealed, 'case:1')).toThrow(SealedKeyMissingError);
  });
});
