import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { RequireRole } from '../identity/require-role.guard';
import { RegistersService } from './registers.service';

/** The registers the procedures keep: risk-prevention filings (防错备案) and the credit blacklist (失信黑名单). */
@ApiTags('registers')
@ApiBearerAuth()
@Controller('api/registers')
export class RegistersController {
  constructor(private readonly registers: RegistersService) {}

  @Get('filings')
  @RequireRole('officer', 'reviewer', 'committee', 'leader', 'auditor')
  @ApiOperation({ summary: 'Registered risk-prevention filings of the jurisdictions the caller sees, newest first' })
  filings(@CurrentUser() user: AuthUser) {
    return this.registers.filings(user);
  }

  @Get('blacklist')
  @RequireRole('officer', 'leader', 'auditor')
  @ApiOperation({ summary: 'The credit blacklist of the jurisdictions the caller sees: decisions and periods, never the person; each read is on the record' })
  blacklist(@CurrentUser() user: AuthUser) {
    return this.registers.blacklist(user);
  }
}
