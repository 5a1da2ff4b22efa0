import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { WarningsService } from './warnings.service';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/cases')
export class WarningsController {
  constructor(private readonly warnings: WarningsService) {}

  @Get(':id/warnings')
  @ApiOperation({
    summary: "The case's warnings (三色预警, current and withdrawn) and supervision letters (提示函, 督办函) with date and addressee; staff and auditors",
  })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.warnings.forCase(user, id);
  }
}
