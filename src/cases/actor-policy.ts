import { acceptedEventTypes, possibleEventTypes, type Actor, type ProcedureDefinition, type Role, type StoredSnapshot } from '../../workflows/core';
import { condition, DomainError } from '../common/domain-error';
import type { AuthUser } from '../identity/auth-user';
import { isParty, STAFF_ROLES, WHOLE_BODY } from './case-access.policy';
import type { CaseEntity } from './case.entity';
import { storedSnapshotOf } from './case-snapshot';
import { dutyConflict } from './separation-of-duties';

/*
 * Who may act on a case, as pure functions of the caller, the case and the roles they already
 * played on it (read from the trail by separation-of-duties.ts): the engine refuses by them and
 * the case view offers by them, so the pages never offer what the engine refuses.
 */

/** The role a user acts in for an event: the first of their roles the event allows. */
export function actingRole(user: AuthUser, allowed: readonly Role[]): Role | undefined {
  return rolesAllowed(user, allowed)[0];
}

/**
 * The caller's roles the event allows; with `actingBody`, a staff role only where its grant is for
 * that body (or the whole service): a higher body reads below but acts only on its own cases.
 */
function rolesAllowed(user: AuthUser, allowed: readonly Role[], actingBody?: string): Role[] {
  return user.roles
    .filter((grant) => grant.role !== 'system' && allowed.includes(grant.role))
    .filter((grant) => actingBody === undefined || !STAFF_ROLES.includes(grant.role) || grant.scope === WHOLE_BODY || grant.scope === actingBody)
    .map((grant) => grant.role);
}

/**
 * The body whose staff take a step of the case: the body the case was referred to for the step that
 * decides an appeal (issue 18 §3; a case appealed before referrals existed keeps its own body), the
 * case's own body for every other step.
 */
export function actingBodyOf(row: Pick<CaseEntity, 'jurisdiction' | 'appealBody'>, oneLevelUp?: 'refer' | 'decide'): string {
  return oneLevelUp === 'decide' && row.appealBody ? row.appealBody : row.jurisdiction;
}

export type ActingChoice = { role: Role } | { refusal: 'CASE.ROLE_NOT_ALLOWED' | 'CASE.OTHER_BODY' | 'CASE.RECUSED' | 'CASE.DUTY_CONFLICT'; rule?: string };

/**
 * The role the user may send this event in, or why not: none of their roles may send it; their
 * staff grant is for another body than the one that takes this step; they are a party to the case
 * (回避); or each such role conflicts with a role they already played on it.
 */
export function chooseActingRole(
  user: AuthUser,
  row: CaseEntity,
  allowed: readonly Role[],
  played: ReadonlySet<string>,
  oneLevelUp?: 'refer' | 'decide',
): ActingChoice {
  const roles = rolesAllowed(user, allowed, actingBodyOf(row, oneLevelUp));
  if (roles.length === 0) return { refusal: rolesAllowed(user, allowed).length > 0 ? 'CASE.OTHER_BODY' : 'CASE.ROLE_NOT_ALLOWED' };
  const party = isParty(user, row);
  const unrecused = roles.filter((role) => !(party && STAFF_ROLES.includes(role)));
  if (unrecused.length === 0) return { refusal: 'CASE.RECUSED' };
  const free = unrecused.find((role) => dutyConflict(played, role) === undefined);
  return free ? { role: free } : { refusal: 'CASE.DUTY_CONFLICT', rule: dutyConflict(played, unrecused[0]) };
}

/**
 * Events this (already visibility-checked) caller may take now: the state takes them, a role of
 * theirs may send them, and the procedure's rules on the case could let them pass with some
 * payload (issue 19 §6: no 「批准延期」 while nobody asked for an extension). `machine` is the
 * snapshot the machine runs on (its sealed part decrypted); `at` is now.
 */
export function allowedEventsFor(
  user: AuthUser,
  row: CaseEntity,
  definition: ProcedureDefinition,
  played: ReadonlySet<string> = NONE,
  machine?: { snapshot: StoredSnapshot; at: string },
): string[] {
  return acceptedEventTypes(definition, storedSnapshotOf(row)).filter((type) => {
    const choice = chooseActingRole(user, row, definition.events[type].roles, played, definition.events[type].oneLevelUp);
    if (!('role' in choice)) return false;
    if (!machine) return true;
    return possibleEventTypes(definition, machine.snapshot, actorInRole(user, choice.role, row.jurisdiction), machine.at).includes(type);
  });
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The actor an event is sent as, or the refusal, in order: no role of the caller may send it
 * (403 CASE.ROLE_NOT_ALLOWED); staff who are a party to the case (403 CASE.RECUSED, domain.md §2:
 * nobody acts as staff on a case in which they are the cadre, applicant or accuser); every such
 * role conflicts with one they already played on it (403 CASE.DUTY_CONFLICT).
 */
export function actorFor(
  user: AuthUser,
  row: CaseEntity,
  type: string,
  spec: { roles: readonly Role[]; oneLevelUp?: 'refer' | 'decide' },
  played: ReadonlySet<string>,
): Actor {
  const { roles } = spec;
  const choice = chooseActingRole(user, row, roles, played, spec.oneLevelUp);
  if ('role' in choice) return actorInRole(user, choice.role, actingBodyOf(row, spec.oneLevelUp));
  if (choice.refusal === 'CASE.ROLE_NOT_ALLOWED') {
    throw new DomainError('CASE.ROLE_NOT_ALLOWED', `Your roles may not send ${type}`, { roles });
  }
  if (choice.refusal === 'CASE.OTHER_BODY') throw otherBody(type, spec.oneLevelUp === 'decide');
  if (choice.refusal === 'CASE.RECUSED') {
    throw new DomainError('CASE.RECUSED', 'You are a party to this case and must recuse yourself (回避)');
  }
  throw new DomainError('CASE.DUTY_CONFLICT', `Separation of duties: ${choice.rule}`, { rolesPlayed: [...played] });
}

/** Staff of another body than the one that takes this step (issue 18 §3). */
function otherBody(type: string, appeal: boolean): DomainError {
  return new DomainError('CASE.OTHER_BODY', `${type} is taken by the staff of another body`, {
    conditions: [
      appeal
        ? condition(
            'appeal.decidedOneLevelUp',
            '申诉由受理申诉的上一级机关作出决定，须由该机关的工作人员登记；本机关不能办理此步骤',
            'The appeal is decided by the body one level up and recorded by its staff; this body cannot take this step',
          )
        : condition(
            'case.otherBody',
            '本案由其办理机关的工作人员办理；上级机关可以查阅、督办，但不能代为办理',
            'Only the staff of the body handling this case act on it; a higher body reads and supervises it but does not act on it',
          ),
    ],
  });
}

/** The service itself: deadline expiries, follow-ups sent to an origin case, recomputed due dates. */
export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };

/**
 * The actor a machine sees for a user acting in a role on a case of a jurisdiction: a leader whose
 * grant for that jurisdiction carries the principal marker acts as the body's principal leader
 * (主要负责人), whom art. 50 reserves the approval of a clarification plan to.
 */
export function actorInRole(user: AuthUser, role: Role, jurisdiction: string): Actor {
  const principal =
    role === 'leader' &&
    user.roles.some((grant) => grant.role === 'leader' && grant.principal === true && (grant.scope === '*' || grant.scope === jurisdiction));
  return principal ? { id: user.id, role, principal: true } : { id: user.id, role };
}
