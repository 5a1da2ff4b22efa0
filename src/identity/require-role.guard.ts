import { CanActivate, ExecutionContext, Injectable, SetMetadata, applyDecorators, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../../workflows/core';
import { DomainError } from '../common/domain-error';
import { hasRole, type AuthUser } from './auth-user';

const REQUIRED_ROLES = 'requiredRoles';

@Injectable()
export class RequireRoleGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]) ?? [];
    const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
    if (!roles.some((role) => hasRole(user, role))) {
      throw new DomainError('AUTH.FORBIDDEN', `This needs one of the roles: ${roles.join(', ')}`, { roles });
    }
    return true;
  }
}

/** The route is for holders of one of these roles only (the administrators' separate work). */
export const RequireRole = (...roles: Role[]) => applyDecorators(SetMetadata(REQUIRED_ROLES, roles), UseGuards(RequireRoleGuard));
