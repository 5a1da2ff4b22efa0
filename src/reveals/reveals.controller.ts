import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { RevealDecisionDto, RevealRequestDto } from './reveal.dto';
import { RevealsService } from './reveals.service';

@ApiTags('sealed identities')
@ApiBearerAuth()
@Controller('api')
export class RevealsController {
  constructor(private readonly reveals: RevealsService) {}

  @Post('cases/:id/reveals')
  @ApiOperation({ summary: "Ask to read the case's sealed identities, with a reason (case officer)" })
  request(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: RevealRequestDto) {
    return this.reveals.request(user, id, body.reason);
  }

  @Get('cases/:id/reveals')
  @ApiOperation({ summary: 'Requests to read sealed identities on this case, with their decisions (staff, auditors)' })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.reveals.listForCase(user, id);
  }

  @Get('reveals')
  @ApiOperation({ summary: 'Requests waiting for a decision on the cases the caller sees in full, oldest first, with the case number (leaders, officers)' })
  listPending(@CurrentUser() user: AuthUser) {
    return this.reveals.listPending(user);
  }

  @Post('reveals/:revealId/decision')
  @ApiOperation({ summary: 'Grant for a limited time, or deny (a leader other than the requester)' })
  decide(@CurrentUser() user: AuthUser, @Param('revealId', ParseUUIDPipe) revealId: string, @Body() body: RevealDecisionDto) {
    return this.reveals.decide(user, revealId, body);
  }

  @Get('reveals/:revealId/identity')
  @ApiOperation({ summary: 'The sealed identities, for the requester while the grant lasts; the read is recorded' })
  read(@CurrentUser() user: AuthUser, @Param('revealId', ParseUUIDPipe) revealId: string) {
    return this.reveals.read(user, revealId);
  }
}
