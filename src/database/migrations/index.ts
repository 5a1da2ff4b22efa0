import { InitialSchema1763683200000 } from './1763683200000-initial-schema';
import { Deadlines1763769600000 } from './1763769600000-deadlines';
import { CaseListIndex1763856000000 } from './1763856000000-case-list-index';

/** Every migration in order. Landed migrations are never edited: add a new one. */
export const MIGRATIONS = [InitialSchema1763683200000, Deadlines1763769600000, CaseListIndex1763856000000];
