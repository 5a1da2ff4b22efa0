import { createCipheriv, timingSafeEqual } from 'node:crypto';

/**
 * Galois/Counter Mode (NIST SP 800-38D) over a 128-bit block cipher that Node's OpenSSL offers in
 * ECB and CTR form but not as an AEAD: SM4 (GB/T 32907-2016), for which this OpenSSL build lists
 * `sm4-ctr` and `sm4-ecb` and no `sm4-gcm`. The block cipher itself is OpenSSL's; only the GCM
 * composition is here: the counter keystream (CTR from inc32(J0)), GHASH over the associated data
 * and the ciphertext, and the tag E(K, J0) ⊕ GHASH. It is checked against RFC 8998 appendix A.1
 * (SM4-GCM) and, composed over AES-256, against Node's own aes-256-gcm (gcm.spec.ts).
 *
 * Only 96-bit IVs (the recommended size; J0 = IV ‖ 0³¹1) and 128-bit tags.
 */
export interface GcmBlockCipher {
  /** OpenSSL names of the cipher in ECB and CTR mode, e.g. `sm4-ecb`, `sm4-ctr`. */
  ecb: string;
  ctr: string;
  keyBytes: number;
}

export const SM4: GcmBlockCipher = { ecb: 'sm4-ecb', ctr: 'sm4-ctr', keyBytes: 16 };

const BLOCK = 16;
export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;

export function gcmEncrypt(cipher: GcmBlockCipher, key: Buffer, iv: Buffer, plaintext: Buffer, aad: Buffer): { ciphertext: Buffer; tag: Buffer } {
  checkSizes(cipher, key, iv);
  const j0 = Buffer.concat([iv, Buffer.from([0, 0, 0, 1])]);
  const ciphertext = counterMode(cipher, key, j0, plaintext);
  return { ciphertext, tag: tagOf(cipher, key, j0, aad, ciphertext) };
}

/** The plaintext, or an error when the tag does not match (wrong key, altered ciphertext or data). */
export function gcmDecrypt(cipher: GcmBlockCipher, key: Buffer, iv: Buffer, ciphertext: Buffer, aad: Buffer, tag: Buffer): Buffer {
  checkSizes(cipher, key, iv);
  const j0 = Buffer.concat([iv, Buffer.from([0, 0, 0, 1])]);
  const expected = tagOf(cipher, key, j0, aad, ciphertext);
  if (tag.length !== GCM_TAG_BYTES || !timingSafeEqual(expected, tag)) throw new Error('authentication tag mismatch');
  return counterMode(cipher, key, j0, ciphertext);
}

function checkSizes(cipher: GcmBlockCipher, key: Buffer, iv: Buffer): void {
  if (key.length !== cipher.keyBytes) throw new Error(`${cipher.ecb} needs a ${cipher.keyBytes}-byte key`);
  if (iv.length !== GCM_IV_BYTES) throw new Error(`GCM here takes a ${GCM_IV_BYTES}-byte IV`);
}

/**
 * GCTR from inc32(J0). OpenSSL's CTR increments all 128 bits, GCM only the low 32: they agree as
 * long as the low word does not wrap, i.e. for messages under 2³² − 2 blocks (64 GiB), far beyond
 * any sealed value.
 */
function counterMode(cipher: GcmBlockCipher, key: Buffer, j0: Buffer, input: Buffer): Buffer {
  if (input.length > (2 ** 32 - 3) * BLOCK) throw new Error('message too long for GCM');
  const first = Buffer.from(j0);
  first.writeUInt32BE(2, 12);
  const ctr = createCipheriv(cipher.ctr, key, first);
  return Buffer.concat([ctr.update(input), ctr.final()]);
}

function encryptBlock(cipher: GcmBlockCipher, key: Buffer, block: Buffer): Buffer {
  const ecb = createCipheriv(cipher.ecb, key, null);
  ecb.setAutoPadding(false);
  return Buffer.concat([ecb.update(block), ecb.final()]);
}

function tagOf(cipher: GcmBlockCipher, key: Buffer, j0: Buffer, aad: Buffer, ciphertext: Buffer): Buffer {
  const h = encryptBlock(cipher, key, Buffer.alloc(BLOCK));
  const lengths = Buffer.alloc(BLOCK);
  lengths.writeBigUInt64BE(BigInt(aad.length) * 8n, 0);
  lengths.writeBigUInt64BE(BigInt(ciphertext.length) * 8n, 8);
  const s = ghash(h, Buffer.concat([padded(aad), padded(ciphertext), lengths]));
  const ek = encryptBlock(cipher, key, j0);
  for (let i = 0; i < BLOCK; i += 1) s[i] ^= ek[i];
  return s;
}

function padded(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

/** GHASH_H(X) for X a whole number of blocks (SP 800-38D §6.4). */
export function ghash(h: Buffer, data: Buffer): Buffer {
  const hWords = words(h, 0);
  let y: Words = [0, 0, 0, 0];
  for (let offset = 0; offset < data.length; offset += BLOCK) {
    const x = words(data, offset);
    y = multiply([(y[0] ^ x[0]) >>> 0, (y[1] ^ x[1]) >>> 0, (y[2] ^ x[2]) >>> 0, (y[3] ^ x[3]) >>> 0], hWords);
  }
  const out = Buffer.alloc(BLOCK);
  y.forEach((word, i) => out.writeUInt32BE(word >>> 0, i * 4));
  return out;
}

type Words = [number, number, number, number];

function words(buffer: Buffer, offset: number): Words {
  return [buffer.readUInt32BE(offset), buffer.readUInt32BE(offset + 4), buffer.readUInt32BE(offset + 8), buffer.readUInt32BE(offset + 12)];
}

/**
 * X · Y in GF(2¹²⁸) with GCM's bit order (SP 800-38D Algorithm 1): bit 0 is the most significant
 * bit of the first byte; the reduction constant R is 11100001 ‖ 0¹²⁰.
 */
function multiply(x: Words, y: Words): Words {
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  let z3 = 0;
  let [v0, v1, v2, v3] = y;
  for (let i = 0; i < 128; i += 1) {
    const bit = (x[i >>> 5] >>> (31 - (i & 31))) & 1;
    if (bit) {
      z0 ^= v0;
      z1 ^= v1;
      z2 ^= v2;
      z3 ^= v3;
    }
    const lsb = v3 & 1;
    v3 = (v3 >>> 1) | ((v2 & 1) << 31);
    v2 = (v2 >>> 1) | ((v1 & 1) << 31);
    v1 = (v1 >>> 1) | ((v0 & 1) << 31);
    v0 = v0 >>> 1;
    if (lsb) v0 ^= 0xe1000000;
  }
  return [z0 >>> 0, z1 >>> 0, z2 >>> 0, z3 >>> 0];
}
