import type { DrivenCase } from './load';
import { DRIVEN_STATES } from './load';
import type { BenchDatabase } from './targets/bench-database';

/** Enough for any run here: a lane gets through a few hundred cases in ten seconds. */
const LIMIT = 200_000;

/**
 * The cases the load may drive, as they stand in the database now, in a random order spread over
 * the whole database (so that pages are touched as real work would touch them), read before the
 * service opens the file.
 */
export async function drivenCases(db: BenchDatabase, limit = LIMIT): Promise<DrivenCase[]> {
  const placeholders = DRIVEN_STATES.map(() => '?').join(', ');
  const rows = await db.query<DrivenCase>(
    // Ordered before the shuffle: neither engine promises an order otherwise.
    `SELECT id, state, version FROM cases WHERE procedure = 'tolerance' AND status = 'active' AND state IN (${placeholders}) ORDER BY id`,
    DRIVEN_STATES,
  );
  shuffle(rows, 20261121);
  return rows.slice(0, limit);
}

/** Fisher-Yates with a fixed seed: the same database gives the same order. */
function shuffle<T>(items: T[], seed: number): void {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
