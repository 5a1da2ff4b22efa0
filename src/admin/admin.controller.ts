import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_STREAM, SecurityLog } from '../audit/security-log.service';
import type { AuthUser } from '../identity/auth-user';
import { Clock } from '../identity/clock';
import { CurrentUser } from '../identity/current-user.decorator';
import { RequireRole } from '../identity/require-role.guard';
import { CreateUnitDto, CreateUserDto, ResetPasswordDto, SetRolesDto, UpdateUserDto } from './admin.dto';
import { UnitsService } from './units.service';
import { UserAdminService } from './user-admin.service';

/**
 * The system administrator keeps accounts and units; the security administrator grants roles.
 * The audit administrator's work (verify, export) is under /api/audit. None of them reaches cases.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin')
export class AdminController {
  constructor(
    private readonly users: UserAdminService,
    private readonly units: UnitsService,
    private readonly log: SecurityLog,
    private readonly clock: Clock,
  ) {}

  @Get('users')
  @RequireRole('sysAdmin', 'secAdmin')
  @ApiOperation({ summary: 'Every account with its roles (no password hashes)' })
  listUsers() {
    return this.users.list();
  }

  @Post('users')
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: 'Create an account (no roles: the security administrator grants them)' })
  createUser(@CurrentUser() admin: AuthUser, @Body() body: CreateUserDto) {
    return this.users.create(admin, body);
  }

  @Patch('users/:id')
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: 'Edit an account; active=false disables it and ends its sessions' })
  updateUser(@CurrentUser() admin: AuthUser, @Param('id') id: string, @Body() body: UpdateUserDto) {
    return this.users.update(admin, id, body);
  }

  @Post('users/:id/password')
  @HttpCode(204)
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: "Set a new password (policy applies); the user's sessions end" })
  async resetPassword(@CurrentUser() admin: AuthUser, @Param('id') id: string, @Body() body: ResetPasswordDto): Promise<void> {
    await this.users.resetPassword(admin, id, body.password);
  }

  @Put('users/:id/roles')
  @RequireRole('secAdmin')
  @ApiOperation({ summary: "Replace a user's role grants (not your own)" })
  setRoles(@CurrentUser() admin: AuthUser, @Param('id') id: string, @Body() body: SetRolesDto) {
    return this.users.setRoles(admin, id, body.roles);
  }

  @Get('units')
  @RequireRole('sysAdmin', 'secAdmin')
  @ApiOperation({ summary: 'Units and their jurisdictions' })
  listUnits() {
    return this.units.list();
  }

  @Post('units')
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: 'Add a unit to a jurisdiction' })
  async createUnit(@CurrentUser() admin: AuthUser, @Body() body: CreateUnitDto) {
    const unit = await this.units.createUnique(body, this.clock.now().toISOString());
    await this.log.record(ADMIN_STREAM, { event: 'UNIT_CREATED', actorId: admin.id, actorRole: 'sysAdmin', outcome: 'applied', data: { ...body } });
    return unit;
  }
}
