import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { gcmDecrypt, gcmEncrypt, SM4, type GcmBlockCipher } from './gcm';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('GCM composed over a block cipher', () => {
  it('SM4 itself reproduces GB/T 32907-2016 appendix A (example 1)', () => {
    const key = hex('0123456789abcdeffedcba9876543210');
    const ecb = createCipheriv('sm4-ecb', key, null);
    ecb.setAutoPadding(false);
    expect(Buffer.concat([ecb.update(key), ecb.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it('SM4-GCM reproduces RFC 8998 appendix A.1', () => {
    const key = hex('0123456789ABCDEFFEDCBA9876543210');
    const iv = hex('00001234567800000000ABCD');
    const aad = hex('FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2');
    const plaintext = hex(`AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB CCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD
      EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFF EEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA`);
    const expected = hex(`17F399F08C67D5EE19D0DC9969C4BB7D 5FD46FD3756489069157B282BB200735
      D82710CA5C22F0CCFA7CBF93D496AC15 A56834CBCF98C397B4024A2691233B8D`);
    const { ciphertext, tag } = gcmEncrypt(SM4, key, iv, plaintext, aad);
    expect(ciphertext.toString('hex')).toBe(expected.toString('hex'));
    expect(tag.toString('hex')).toBe('83de3541e4c2b58177e065a9bf7b62ec');
    expect(gcmDecrypt(SM4, key, iv, ciphertext, aad, tag).equals(plaintext)).toBe(true);
  });

  it('composed over AES-256 it agrees with OpenSSL’s own aes-256-gcm, for lengths around block boundaries', () => {
    const AES: GcmBlockCipher = { ecb: 'aes-256-ecb', ctr: 'aes-256-ctr', keyBytes: 32 };
    for (const length of [0, 1, 15, 16, 17, 31, 32, 33, 100, 1000]) {
      for (const aadLength of [0, 5, 16, 20]) {
        const key = randomBytes(32);
        const iv = randomBytes(12);
        const plaintext = randomBytes(length);
        const aad = randomBytes(aadLength);
        const native = createCipheriv('aes-256-gcm', key, iv);
        native.setAAD(aad);
        const nativeCiphertext = Buffer.concat([native.update(plaintext), native.final()]);
        const ours = gcmEncrypt(AES, key, iv, plaintext, aad);
        expect([length, aadLength, ours.ciphertext.toString('hex'), ours.tag.toString('hex')]).toEqual([
          length,
          aadLength,
          nativeCiphertext.toString('hex'),
          native.getAuthTag().toString('hex'),
        ]);
        const back = createDecipheriv('aes-256-gcm', key, iv);
        back.setAAD(aad);
        back.setAuthTag(ours.tag);
        expect(Buffer.concat([back.update(ours.ciphertext), back.final()]).equals(plaintext)).toBe(true);
      }
    }
  });

  it('refuses an altered ciphertext, altered associated data, a wrong key and a short tag', () => {
    const key = randomBytes(16);
    const iv = randomBytes(12);
    const aad = Buffer.from('cases:1');
    const { ciphertext, tag } = gcmEncrypt(SM4, key, iv, Buffer.from('检举控告人：王某某'), aad);
    const flipped = Buffer.from(ciphertext);
    flipped[0] ^= 1;
    expect(() => gcmDecrypt(SM4, key, iv, flipped, aad, tag)).toThrow('authentication tag mismatch');
    expect(() => gcmDecrypt(SM4, key, iv, ciphertext, Buffer.from('cases:2'), tag)).toThrow('authentication tag mismatch');
    expect(() => gcmDecrypt(SM4, randomBytes(16), iv, ciphertext, aad, tag)).toThrow('authentication tag mismatch');
    expect(() => gcmDecrypt(SM4, key, iv, ciphertext, aad, tag.subarray(0, 12))).toThrow('authentication tag mismatch');
    expect(() => gcmEncrypt(SM4, randomBytes(32), iv, Buffer.alloc(1), aad)).toThrow('16-byte key');
  });
});
