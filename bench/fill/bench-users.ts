import { DEMO_USERS } from '../../src/demo/demo-users';
import { hashPassword } from '../../src/identity/password-hasher';

/** Column values of `users (id, display_name, password_hash, unit_id, created_at)` and `user_roles (user_id, role, scope)`. */
export interface UserRows {
  users: Array<[string, string, string, string | null, string]>;
  roles: Array<[string, string, string]>;
}

/**
 * The demo users every filled database holds (the load logs in as them), active, never locked,
 * with one password hash computed once: the password is the same for all.
 */
export async function benchUsers(at: string): Promise<UserRows> {
  const passwordHash = await hashPassword(DEMO_USERS[0].password);
  return {
    users: DEMO_USERS.map((demo) => [demo.id, demo.displayName, passwordHash, demo.unitId ?? null, at]),
    roles: DEMO_USERS.flatMap((demo) => demo.roles.map((role): [string, string, string] => [demo.id, role.role, role.scope])),
  };
}
