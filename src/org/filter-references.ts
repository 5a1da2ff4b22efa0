import type { EntityManager } from 'typeorm';
import { condition, DomainError } from '../common/domain-error';
import type { AuthUser } from '../identity/auth-user';
import { UserEntity } from '../identity/user.entity';
import { BodyEntity } from './body.entity';
import { CadreEntity } from './cadre.entity';
import { UnitEntity } from './unit.entity';

/** Grants a list's unit filter may name a unit within: a unit grant names the unit, the others a body. */
const UNIT_ROLES = ['unit'];
const BODY_ROLES = ['officer', 'reviewer', 'committee', 'leader', 'auditor', 'orgDept'];

/**
 * A list filter naming a unit or cadre the directory does not hold, or a unit outside everything
 * the caller's grants cover, would answer an empty list that reads as "no cases" (issue 18, bad
 * input): it is refused 400 naming the field, in both languages, before any list is read. A unit
 * is within a grant when the grant names it, its body, or its body's parent (the body an appeal goes
 * up to reads the lower body's cases). An applicant's own cases may be in any unit: not refused.
 */
export async function checkListFilters(manager: EntityManager, user: AuthUser, filters: { unit?: string; cadre?: string }): Promise<void> {
  const refusals = [];
  if (filters.unit) {
    const unit = await manager.getRepository(UnitEntity).findOne({ select: { id: true, jurisdiction: true }, where: { id: filters.unit } });
    if (!unit)
      refusals.push(
        condition(
          'filter.unknownUnit',
          '所选“所在单位”不在单位名录中：请从名录中选择单位',
          'The unit filter names no unit in the directory: pick one from the directory',
          'unit',
        ),
      );
    else if (!(await unitWithinGrants(manager, user, unit))) {
      refusals.push(condition('filter.unitOutOfScope', '所选“所在单位”不在您的授权范围内', 'The unit filter names a unit outside your grants', 'unit'));
    }
  }
  if (filters.cadre) {
    const known =
      (await manager.getRepository(CadreEntity).exists({ where: { id: filters.cadre } })) ||
      (await manager.getRepository(UserEntity).exists({ where: { id: filters.cadre } }));
    if (!known)
      refusals.push(
        condition(
          'filter.unknownCadre',
          '所选干部不在干部名录中：请从名录中选择干部',
          'The cadre filter names no cadre in the directory: pick one from the directory',
          'cadre',
        ),
      );
  }
  if (refusals.length > 0) throw new DomainError('REQUEST.INVALID', refusals.map((refusal) => refusal.en).join('; '), { conditions: refusals });
}

async function unitWithinGrants(manager: EntityManager, user: AuthUser, unit: { id: string; jurisdiction: string }): Promise<boolean> {
  if (user.roles.some((grant) => grant.role === 'applicant')) return true;
  const grants = user.roles.filter((grant) => UNIT_ROLES.includes(grant.role) || BODY_ROLES.includes(grant.role));
  if (grants.some((grant) => grant.scope === '*')) return true;
  if (grants.some((grant) => (UNIT_ROLES.includes(grant.role) ? grant.scope === unit.id : grant.scope === unit.jurisdiction))) return true;
  const body = await manager.getRepository(BodyEntity).findOne({ select: { id: true, parentId: true }, where: { id: unit.jurisdiction } });
  return body?.parentId != null && grants.some((grant) => BODY_ROLES.includes(grant.role) && grant.scope === body.parentId);
}
