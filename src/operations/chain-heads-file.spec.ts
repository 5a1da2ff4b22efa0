import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainHeads } from './chain-heads-file';

const hash = (n: number) => n.toString(16).padStart(64, '0');

describe('the chain heads of the offline verifier’s state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chain-heads-'));

  it('written, read back and merged with a later run’s heads: every head is the latest, none lost, none invented', () => {
    const first = ChainHeads.empty();
    for (let i = 0; i < 5000; i += 1) first.set(`case-${i}`, [i % 9, hash(i)]);
    first.write(join(dir, 'a.heads'));
    const again = ChainHeads.read(join(dir, 'a.heads'));
    for (let i = 0; i < 5000; i += 7) expect(again.get(`case-${i}`)).toEqual([i % 9, hash(i)]);
    expect(again.get('case-5000')).toBeUndefined();
    // A later run: some chains move on, some are new.
    for (let i = 0; i < 5000; i += 3) again.set(`case-${i}`, [100, hash(i + 1)]);
    for (let i = 5000; i < 5100; i += 1) again.set(`case-${i}`, [1, hash(i)]);
    again.write(join(dir, 'b.heads'));
    const merged = ChainHeads.read(join(dir, 'b.heads'));
    for (let i = 0; i < 5100; i += 1) {
      const expected = i >= 5000 ? [1, hash(i)] : i % 3 === 0 ? [100, hash(i + 1)] : [i % 9, hash(i)];
      expect(merged.get(`case-${i}`)).toEqual(expected);
    }
    expect(merged.get('security')).toBeUndefined();
  });

  it('refuses a file that is not one', () => {
    const file = join(dir, 'bad.heads');
    writeFileSync(file, Buffer.alloc(47));
    expect(() => ChainHeads.read(file)).toThrow(/not a chain-heads file/);
  });
});
