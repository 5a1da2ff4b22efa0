import { CanActivate, ExecutionContext, Injectable, SetMetadata, applyDecorators, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../../workflows/core';
import { condition, DomainError } from '../common/domain-error';
import { hasRole, type AuthUser } from './auth-user';

const REQUIRED_ROLES = 'requiredRoles';

/** The roles as a refusal names them (the pages' own words, web/assets/js/messages.js). */
const ROLE_NAMES: Partial<Record<Role, { zh: string; en: string }>> = {
  applicant: { zh: '申请人/当事干部', en: 'applicant' },
  unit: { zh: '所在单位党组织', en: "cadre's unit" },
  officer: { zh: '承办人', en: 'case officer' },
  reviewer: { zh: '审理人员', en: 'reviewer' },
  committee: { zh: '集体研究', en: 'committee' },
  leader: { zh: '机关领导', en: 'leader' },
  orgDept: { zh: '组织部门', en: 'organisation department' },
  auditor: { zh: '审计监督', en: 'auditor' },
  sysAdmin: { zh: '系统管理员', en: 'system administrator' },
  secAdmin: { zh: '安全管理员', en: 'security administrator' },
  auditAdmin: { zh: '审计管理员', en: 'audit administrator' },
};

@Injectable()
export class RequireRoleGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]) ?? [];
    const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
    if (!roles.some((role) => hasRole(user, role))) {
      throw new DomainError('AUTH.FORBIDDEN', `This needs one of the roles: ${roles.join(', ')}`, {
        roles,
        conditions: [
          condition(
            'auth.roleRequired',
            `此操作仅限${roles.map((role) => ROLE_NAMES[role]?.zh ?? role).join('、')}办理`,
            `This is for the ${roles.map((role) => ROLE_NAMES[role]?.en ?? role).join(', ')} only`,
          ),
        ],
      });
    }
    return true;
  }
}

/** The route is for holders of one of these roles only (the administrators' separate work). */
export const RequireRole = (...roles: Role[]) => applyDecorators(SetMetadata(REQUIRED_ROLES, roles), UseGuards(RequireRoleGuard));
