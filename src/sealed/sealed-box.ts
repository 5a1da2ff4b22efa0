import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { GCM_IV_BYTES, gcmDecrypt, gcmEncrypt, SM4 } from './gcm';
import { keyRingFromFile, type SealedKey, type SealedKeyRing } from './sealed-keys';

/**
 * A sealed value as stored: which key and cipher made it, and the AES-256-GCM or SM4-GCM output.
 * Binary parts are base64url. The associated data (what the value belongs to, e.g. `case:<id>`) is
 * not stored: the reader supplies it, so a ciphertext moved to another record no longer opens.
 */
export interface SealedEnvelope {
  v: 1;
  kid: string;
  alg: SealedKey['cipher'];
  iv: string;
  ct: string;
  tag: string;
}

export class SealedKeyMissingError extends Error {
  constructor(readonly keyId: string) {
    super(`sealed value under key ${keyId}, which is not configured`);
  }
}

/** Prefix of a blind index, so a stored index never reads as an account id (ids have no colon). */
export const BLIND_PREFIX = 'b:';

/**
 * Encryption at rest of sealed identities (domain.md §4) and the blind index of account ids.
 * The index is HMAC-SHA-256 under its own key: equal ids give equal indexes, so "is this user the
 * accuser of this case" is a comparison, while the stored index cannot be turned back into an id,
 * nor recomputed from the user list, without the key.
 */
export class SealedBox {
  constructor(private ring: SealedKeyRing) {}

  /** Set when this start generated the key file (development and demo). */
  get generatedKeyFile(): string | undefined {
    return this.ring.generated ? this.ring.file : undefined;
  }

  get currentKeyId(): string {
    return this.ring.current.id;
  }

  get keyIds(): string[] {
    return [...this.ring.keys.keys()];
  }

  get source(): string {
    return this.ring.source;
  }

  hasKey(id: string): boolean {
    return this.ring.keys.has(id);
  }

  seal(plaintext: string, associatedData: string): SealedEnvelope {
    const key = this.ring.current;
    const iv = randomBytes(GCM_IV_BYTES);
    const aad = Buffer.from(associatedData, 'utf8');
    const data = Buffer.from(plaintext, 'utf8');
    let ciphertext: Buffer;
    let tag: Buffer;
    if (key.cipher === 'sm4-gcm') {
      ({ ciphertext, tag } = gcmEncrypt(SM4, key.key, iv, data, aad));
    } else {
      const cipher = createCipheriv('aes-256-gcm', key.key, iv);
      cipher.setAAD(aad);
      ciphertext = Buffer.concat([cipher.update(data), cipher.final()]);
      tag = cipher.getAuthTag();
    }
    return { v: 1, kid: key.id, alg: key.cipher, iv: iv.toString('base64url'), ct: ciphertext.toString('base64url'), tag: tag.toString('base64url') };
  }

  /** The plaintext; throws when the key is not configured or the value or its associated data was altered. */
  open(envelope: SealedEnvelope, associatedData: string): string {
    const key = this.ring.keys.get(envelope.kid) ?? this.reloadedKey(envelope.kid);
    if (!key) throw new SealedKeyMissingError(envelope.kid);
    if (key.cipher !== envelope.alg) throw new Error(`sealed value claims ${envelope.alg} but key ${key.id} is ${key.cipher}`);
    const iv = Buffer.from(envelope.iv, 'base64url');
    const aad = Buffer.from(associatedData, 'utf8');
    const ciphertext = Buffer.from(envelope.ct, 'base64url');
    const tag = Buffer.from(envelope.tag, 'base64url');
    if (key.cipher === 'sm4-gcm') return gcmDecrypt(SM4, key.key, iv, ciphertext, aad, tag).toString('utf8');
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv, { authTagLength: 16 });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  }

  /**
   * A key this process does not know, looked up again in the key file: `npm run rotate-sealed-key`
   * adds a key and re-encrypts while the service runs, so a value it re-encrypted must stay
   * readable before the service restarts. The service keeps sealing with the key it started with.
   */
  private reloadedKey(id: string): SealedKey | undefined {
    if (!this.ring.file) return undefined;
    try {
      const fresh = keyRingFromFile(this.ring.file);
      const key = fresh.keys.get(id);
      if (key) this.ring = { ...this.ring, keys: new Map([...this.ring.keys, ...fresh.keys]) };
      return key;
    } catch {
      return undefined;
    }
  }

  sealJson(value: unknown, associatedData: string): SealedEnvelope {
    return this.seal(JSON.stringify(value), associatedData);
  }

  openJson<T>(envelope: SealedEnvelope, associatedData: string): T {
    return JSON.parse(this.open(envelope, associatedData)) as T;
  }

  /**
   * The blind index of a person as a name and a contact (the credit blacklist matches a new
   * report's reporter by it when they have no account): the same keyed hash, another domain.
   */
  blindPerson(name: string, contact: string): string {
    return BLIND_PREFIX + createHmac('sha256', this.ring.indexKey).update(`person\u0000${name}\u0000${contact}`, 'utf8').digest('base64url');
  }

  /** The blind index of an account id: what columns used for access checks store instead of the id. */
  blind(accountId: string): string {
    return BLIND_PREFIX + createHmac('sha256', this.ring.indexKey).update(`account\u0000${accountId}`, 'utf8').digest('base64url');
  }
}

export function isEnvelope(value: unknown): value is SealedEnvelope {
  const candidate = value as SealedEnvelope | null;
  return typeof candidate === 'object' && candidate !== null && candidate.v === 1 && typeof candidate.kid === 'string' && typeof candidate.ct === 'string';
}
