import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../identity/auth-user';
import type { CaseEntity } from './case.entity';

/**
 * Renders the answer to a change inside its transaction, from the row as the change left it: the
 * caller sees exactly the state their change committed, with no second read, and a retry with the
 * same idempotency key gets the same answer. The case view (CaseViews) is the one the API uses.
 */
export abstract class CaseRenderer {
  abstract render(user: AuthUser, row: CaseEntity, manager: EntityManager): Promise<unknown>;
}

/** For a caller that needs no answer but the case's id (the demo loader). */
export const ID_ONLY: CaseRenderer = { render: (_user, row) => Promise.resolve({ id: row.id }) };
