import { canonicalJson, canonicalJsonOfStored } from './canonical-json';
import { storableText, storableValue } from './storable-text';

describe('canonical JSON: the one encoding every hashed value goes through', () => {
  it('is the same whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }] })).toBe('{"a":[{"c":null,"d":"x"}],"b":1}');
  });

  it('refuses text no database gives back unchanged: lone surrogates (values and keys) and NUL', () => {
    expect(() => canonicalJson({ username: 'probe\ud800' })).toThrow(/well-formed/);
    expect(() => canonicalJson({ ['\udc00']: 1 })).toThrow(/well-formed/);
    expect(() => canonicalJson(['a\u0000b'])).toThrow(/NUL/);
    expect(canonicalJson('😀 ‮ é')).toBe('"😀 ‮ é"');
  });

  it('recomputes stored entries as they are, whatever they hold (entries written before the rule)', () => {
    expect(canonicalJsonOfStored({ reason: 'a\u0000b' })).toBe('{"reason":"a\\u0000b"}');
  });
});

describe('storable text for the security log', () => {
  it('cuts without splitting a surrogate pair and replaces what cannot be stored', () => {
    expect(storableText(`${'a'.repeat(63)}😀`, 64)).toBe('a'.repeat(63));
    expect(storableText('x\ud800y\u0000', 64)).toBe('x\ufffdy\ufffd');
    expect(storableValue({ ['k\udc00']: ['v\ud800'] })).toEqual({ 'k\ufffd': ['v\ufffd'] });
    expect(() => canonicalJson(storableValue({ path: '/api/\ud800', n: 1 }))).not.toThrow();
  });
});
