import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainHeads, indexPathOf } from './chain-heads-file';

const hash = (n: number) => n.toString(16).padStart(64, '0');

describe('the chain heads of the offline verifier’s state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chain-heads-'));

  it('written, read back, and moved on by later runs as layers and then a merged base: every head is the latest, none lost, none invented', () => {
    const first = ChainHeads.empty();
    for (let i = 0; i < 5000; i += 1) first.set(`case-${i}`, [i % 9, hash(i)]);
    const base = first.write(dir, 'state.json.5000');
    expect(base).toEqual(['state.json.5000.base.heads']);
    const again = ChainHeads.read(dir, base);
    for (let i = 0; i < 5000; i += 7) expect(again.get(`case-${i}`)).toEqual([i % 9, hash(i)]);
    expect(again.get('case-5000')).toBeUndefined();
    // A small run: its heads go on top as a layer; the base is not rewritten.
    for (let i = 0; i < 5000; i += 50) again.set(`case-${i}`, [100, hash(i + 1)]);
    again.set('case-5000', [1, hash(5000)]);
    const layered = again.write(dir, 'state.json.5101');
    expect(layered).toEqual(['state.json.5000.base.heads', 'state.json.5101.heads']);
    const expected = (i: number, big: boolean) =>
      i === 5000 ? [1, hash(5000)] : big && i % 3 === 0 ? [200, hash(i + 2)] : i % 50 === 0 ? [100, hash(i + 1)] : [i % 9, hash(i)];
    const third = ChainHeads.read(dir, layered);
    for (let i = 0; i <= 5000; i += 1) expect(third.get(`case-${i}`)).toEqual(expected(i, false));
    // A large run: the layers and its heads are merged into a new base.
    for (let i = 0; i < 5000; i += 3) third.set(`case-${i}`, [200, hash(i + 2)]);
    const merged = third.write(dir, 'state.json.7000');
    expect(merged).toEqual(['state.json.7000.base.heads']);
    const last = ChainHeads.read(dir, merged);
    for (let i = 0; i <= 5000; i += 1) expect(last.get(`case-${i}`)).toEqual(expected(i, true));
    expect(last.get('security')).toBeUndefined();
    last.close();
  });

  it('finds the same heads with its sparse index file, without it (a state written before those files), and with one that does not fit the layer', () => {
    const heads = ChainHeads.empty();
    for (let i = 0; i < 3000; i += 1) heads.set(`chain-${i}`, [i + 1, hash(i)]);
    const [name] = heads.write(dir, 'idx.json.3000');
    const index = indexPathOf(join(dir, name));
    expect(existsSync(index)).toBe(true);
    const lookUp = () => {
      const read = ChainHeads.read(dir, [name]);
      const found = [0, 1, 63, 64, 65, 1499, 2999, 3000].map((i) => read.get(`chain-${i}`));
      read.close();
      return found;
    };
    const expected = [0, 1, 63, 64, 65, 1499, 2999].map((i) => [i + 1, hash(i)]).concat([undefined as never]);
    expect(lookUp()).toEqual(expected);
    writeFileSync(index, Buffer.alloc(5));
    expect(lookUp()).toEqual(expected);
    rmSync(index);
    expect(lookUp()).toEqual(expected);
  });

  it('refuses a file that is not one', () => {
    writeFileSync(join(dir, 'bad.heads'), Buffer.alloc(47));
    expect(() => ChainHeads.read(dir, ['bad.heads'])).toThrow(/not a chain-heads file/);
  });
});
