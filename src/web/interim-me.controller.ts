import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';

/**
 * `GET /api/auth/me` as the identity contract defines it ({id, displayName, unitId, roles}), for the
 * pages to know whom they serve. Interim: it is removed when the identity module serves the route.
 */
@ApiExcludeController()
@Controller('api/auth')
export class InterimMeController {
  @Get('me')
  me(@CurrentUser() user: AuthUser): AuthUser {
    return { id: user.id, displayName: user.displayName, unitId: user.unitId, roles: user.roles };
  }
}
