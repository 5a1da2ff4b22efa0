import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginRoute } from '../common/rate-limits';
import type { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { ChangePasswordDto, LoginDto, TokenResponse } from './login.dto';
import { AllowedBeforePasswordChange, Public } from './public.decorator';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @LoginRoute()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: a bearer token tied to a new session' })
  login(@Body() body: LoginDto): Promise<TokenResponse> {
    return this.auth.login(body.username, body.password);
  }

  @Post('logout')
  @AllowedBeforePasswordChange()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: "End this token's session; the token is refused from now on" })
  async logout(@CurrentUser() user: AuthUser): Promise<void> {
    await this.auth.logout(user);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the token belongs to, with their roles and scopes' })
  me(@CurrentUser() user: AuthUser) {
    return { id: user.id, displayName: user.displayName, unitId: user.unitId, roles: user.roles };
  }

  @Post('password')
  @AllowedBeforePasswordChange()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your password (policy applies); every session of yours ends' })
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user, body.currentPassword, body.newPassword);
  }
}
