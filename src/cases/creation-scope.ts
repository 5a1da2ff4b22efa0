import type { Role } from '../../workflows/core';
import { condition, DomainError } from '../common/domain-error';
import type { AuthUser } from '../identity/auth-user';
import { WHOLE_BODY } from './case-access.policy';

/** Roles whose grant names a unit; every other role's grant names a jurisdiction (or `*`). */
const UNIT_SCOPED: readonly Role[] = ['applicant', 'unit'];

/**
 * The role a user opens a case in for this unit: the first of their grants that the procedure lets
 * open cases and whose scope covers the unit (an applicant or unit grant names the unit, a staff
 * grant its jurisdiction). Issue 16, item 7: an applicant scoped to one unit could open a case
 * naming another body's unit, which that unit then read; the unit is now checked for every creator.
 */
export function creationRoleFor(user: AuthUser, allowed: readonly Role[], unit: { id: string; jurisdiction: string }): Role | undefined {
  const grant = user.roles.find(
    (candidate) =>
      candidate.role !== 'system' &&
      allowed.includes(candidate.role) &&
      (candidate.scope === WHOLE_BODY || candidate.scope === (UNIT_SCOPED.includes(candidate.role) ? unit.id : unit.jurisdiction)),
  );
  return grant?.role;
}

/**
 * 400 naming the field (issue 18, bad input): none of the caller's grants that may open this
 * procedure covers the unit named. The unit exists; the request names one the caller may not use.
 */
export function unitOutsideGrant(unitId: string): DomainError {
  return new DomainError('CASE.INVALID_PAYLOAD', `Invalid payload: unitId ${unitId.slice(0, 64)} is outside your grants: you may open cases only within them`, {
    fields: [{ field: 'unitId', messages: [`unitId ${unitId.slice(0, 64)} is outside your grants`] }],
    conditions: [
      condition(
        'creation.unitOutsideGrant',
        '所填“所在单位”不在您的授权范围内：只能为授权范围内的单位提出申请或登记启动程序',
        'The unit named is outside your grant: you may open cases only for units within it',
        'unitId',
      ),
    ],
  });
}

/** 400 naming the field: the unit named is not in the directory (a case for it could never be read by it). */
export function unknownUnit(unitId: string): DomainError {
  return new DomainError('CASE.INVALID_PAYLOAD', `Invalid payload: unitId ${unitId.slice(0, 64)} is not in the directory`, {
    fields: [{ field: 'unitId', messages: [`unitId names no unit in the directory: ${unitId.slice(0, 64)}`] }],
    conditions: [
      condition(
        'directory.unknownUnit',
        '所填“所在单位”不在单位名录中：请从名录中选择单位',
        'The unit named is not in the directory: pick one from the directory',
        'unitId',
      ),
    ],
  });
}

/**
 * 400: the creation names a cadre the procedure does not record as the cadre concerned (an
 * applicant naming someone else: the case would be theirs, but the CREATE entry would keep the
 * other name, and the trail would contradict the case).
 */
export function foreignCadre(named: string, recorded: string): DomainError {
  const en = `cadreId: you apply as the cadre concerned (${recorded}); a case for someone else is opened by their unit or an officer`;
  return new DomainError('CASE.INVALID_PAYLOAD', `Invalid payload: cadreId ${named.slice(0, 64)} is not the cadre this case records`, {
    fields: [{ field: 'cadreId', messages: [en] }],
    conditions: [
      condition(
        'creation.foreignCadre',
        '“当事干部”只能填写您本人：为他人申请应由其所在单位党组织提出，或由承办人依职权启动',
        'The cadre concerned must be yourself: a case for someone else is opened by their unit or by an officer',
        'cadreId',
      ),
    ],
  });
}

/** 400 naming the field: a 交办 names a unit that is not under the lower body the matter goes to. */
export function unitOutsideBody(unitId: string): DomainError {
  return new DomainError('CASE.INVALID_PAYLOAD', `Invalid payload: unitId ${unitId.slice(0, 64)} is not under the body the matter is assigned to`, {
    fields: [{ field: 'unitId', messages: [`unitId ${unitId.slice(0, 64)} is not under the body assigned`] }],
    conditions: [
      condition(
        'assignment.unitOutsideBody',
        '所填单位不在受交办的下级机关管辖范围内：请选择该机关管辖的单位',
        'The unit named is not under the lower body the matter is assigned to: pick one of its units',
        'unitId',
      ),
    ],
  });
}
