import { InitialSchema1763683200000 } from './1763683200000-initial-schema';

/** Every migration in order. Landed migrations are never edited: add a new one. */
export const MIGRATIONS = [InitialSchema1763683200000];
