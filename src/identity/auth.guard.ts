import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { condition, DomainError } from '../common/domain-error';
import { AuthService } from './auth.service';
import { BEFORE_PASSWORD_CHANGE, IS_PUBLIC } from './public.decorator';

/**
 * Every API route needs a valid bearer token unless marked @Public(). An account whose password
 * someone else set may call only the routes marked @AllowedBeforePasswordChange() until it changes it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: unknown }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    const user = scheme === 'Bearer' && token ? await this.auth.authenticate(token) : undefined;
    if (!user) throw new DomainError('AUTH.UNAUTHENTICATED', 'A valid bearer token is required');
    request.user = user;
    if (user.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE, [context.getHandler(), context.getClass()])) {
      throw new DomainError('AUTH.PASSWORD_CHANGE_REQUIRED', 'The password was set by an administrator or an import: change it first', {
        conditions: [
          condition(
            'password.changeRequired',
            '此账户的密码由管理员设置或随名录导入，须先修改密码，才能继续使用系统',
            'This password was set by an administrator or an import: change it before using the system',
          ),
        ],
      });
    }
    return true;
  }
}
