import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { RequireRole } from '../identity/require-role.guard';
import { CreateUnitDto, CreateUserDto, DecideApprovalDto, ResetPasswordDto, SetRolesDto, UpdateUserDto } from './admin.dto';
import { AdminApprovalsService } from './admin-approvals.service';
import { UnitsService } from '../org/units.service';
import { UnitAdminService } from './unit-admin.service';
import { UserAdminService, type AdminChange } from './user-admin.service';

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
    private readonly unitAdmin: UnitAdminService,
    private readonly approvals: AdminApprovalsService,
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
  @ApiOperation({
    summary: "Edit an account; active=false disables it and ends its sessions (an administrator's: 202, a request another administrator approves)",
  })
  @ApiResponse({ status: 202, description: 'Disabling an administrator: the request waiting for approval' })
  async updateUser(@CurrentUser() admin: AuthUser, @Param('id') id: string, @Body() body: UpdateUserDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.users.update(admin, id, body));
  }

  @Post('users/:id/password')
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: "Set a new password (policy applies); the user's sessions end. An administrator's: 202, a request another administrator approves" })
  @ApiResponse({ status: 204, description: 'Reset' })
  @ApiResponse({ status: 202, description: 'An administrator: the request waiting for approval' })
  async resetPassword(
    @CurrentUser() admin: AuthUser,
    @Param('id') id: string,
    @Body() body: ResetPasswordDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answer(reply, await this.users.resetPassword(admin, id, body.password));
  }

  @Get('approvals')
  @RequireRole('sysAdmin', 'secAdmin', 'auditAdmin')
  @ApiOperation({ summary: "Requests to reset an administrator's password or disable an administrator's account, newest first" })
  listApprovals() {
    return this.approvals.list();
  }

  @Post('approvals/:approvalId/decision')
  @RequireRole('secAdmin', 'auditAdmin')
  @ApiOperation({
    summary:
      "Approve or refuse a request (the security administrator; for a security administrator's account the audit administrator; never the requester or the account holder)",
  })
  decideApproval(@CurrentUser() admin: AuthUser, @Param('approvalId', ParseUUIDPipe) approvalId: string, @Body() body: DecideApprovalDto) {
    return this.approvals.decide(admin, approvalId, body);
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
  createUnit(@CurrentUser() admin: AuthUser, @Body() body: CreateUnitDto) {
    return this.unitAdmin.create(admin, body);
  }
}

/** The status the change came to, and its body if it has one. */
function answer(reply: FastifyReply, change: AdminChange): unknown {
  void reply.status(change.statusCode);
  return 'body' in change ? change.body : undefined;
}
