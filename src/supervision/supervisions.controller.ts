import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { AssignNewMatterDto, OpenSupervisionDto, SupervisionReportDto } from './supervision.dto';
import { SupervisionsService } from './supervisions.service';

@ApiTags('supervision between levels')
@ApiBearerAuth()
@Controller('api')
export class SupervisionsController {
  constructor(private readonly supervisions: SupervisionsService) {}

  @Post('cases/:id/supervisions')
  @ApiOperation({ summary: '督办 or 交办 a lower body’s case with a due date (a leader of a higher body)' })
  open(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: OpenSupervisionDto) {
    return this.supervisions.open(user, id, body);
  }

  @Post('supervisions/assignments')
  @ApiOperation({ summary: '交办新事项: open a case in a lower body and hand it down with a due date (a leader of a higher body)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried request with the same key returns the first answer and opens no second case' })
  assign(@CurrentUser() user: AuthUser, @Body() body: AssignNewMatterDto, @Headers('idempotency-key') key: string | undefined) {
    return this.supervisions.assignNew(user, body, key);
  }

  @Get('cases/:id/supervisions')
  @ApiOperation({ summary: 'The supervisions and assignments of a case, with the reports back (staff and auditors)' })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.supervisions.listForCase(user, id);
  }

  @Post('cases/:id/supervisions/:supervisionId/report')
  @ApiOperation({ summary: 'Report back on a supervision or assignment (the case’s own body)' })
  report(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('supervisionId', ParseUUIDPipe) supervisionId: string,
    @Body() body: SupervisionReportDto,
  ) {
    return this.supervisions.report(user, id, supervisionId, body.report);
  }

  @Get('supervisions/open')
  @ApiOperation({ summary: 'Open supervisions on the cases the caller sees whole, overdue ones marked (the queue)' })
  openForQueue(@CurrentUser() user: AuthUser) {
    return this.supervisions.openForQueue(user);
  }
}
