import { Body, Controller, Get, Header, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { RequireRole } from '../identity/require-role.guard';
import { ResultsRegister } from './results-register.service';
import { AskVettingBody, CadreResultsQuery, InquiriesQuery, RegisterQuery } from './results.query';
import { VettingService } from './vetting.service';

/**
 * The results register (结果运用, issue 21 §3): the organisation department's landing page reads it;
 * staff read it to answer a vetting inquiry. Never a reporter or an accuser: only the cadre.
 */
@ApiTags('results')
@ApiBearerAuth()
@Controller('api/results')
export class ResultsController {
  constructor(
    private readonly register: ResultsRegister,
    private readonly vetting: VettingService,
  ) {}

  @Get()
  @RequireRole('orgDept', 'officer', 'reviewer', 'committee', 'leader', 'auditor')
  @ApiOperation({ summary: 'Cadres with results the caller may see, each with their standing today (可正常使用 / 影响期内 / 供参考)' })
  list(@CurrentUser() user: AuthUser, @Query() query: RegisterQuery) {
    return this.register.list(user, query);
  }

  @Get('cadres/:cadreId')
  @RequireRole('orgDept', 'officer', 'reviewer', 'committee', 'leader', 'auditor')
  @ApiOperation({ summary: 'One cadre’s results in force on a day, with their effect, impact periods and 文号' })
  cadre(@CurrentUser() user: AuthUser, @Param('cadreId') cadreId: string, @Query() query: CadreResultsQuery) {
    return this.register.cadre(user, cadreId, query.asOf);
  }

  @Get('inquiries')
  @RequireRole('orgDept', 'officer', 'reviewer', 'committee', 'leader', 'auditor')
  @ApiOperation({ summary: 'Vetting inquiries (党风廉政意见征求) of the bodies the caller’s grants cover, newest first' })
  inquiries(@CurrentUser() user: AuthUser, @Query() query: InquiriesQuery) {
    return this.vetting.list(user, query);
  }

  @Get('inquiries/:id')
  @RequireRole('orgDept', 'officer', 'reviewer', 'committee', 'leader', 'auditor')
  @ApiOperation({ summary: 'One vetting inquiry, with the reply and its letter once answered' })
  inquiry(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.vetting.one(user, id);
  }

  @Post('inquiries')
  @RequireRole('orgDept')
  @ApiOperation({ summary: 'The organisation department asks a body what it holds on a cadre (on the `results` chain)' })
  ask(@CurrentUser() user: AuthUser, @Body() body: AskVettingBody) {
    return this.vetting.ask(user, body);
  }

  @Post('inquiries/:id/reply')
  @RequireRole('officer', 'leader')
  @ApiOperation({
    summary: 'The body answers with the results in force on the day asked: a reply letter issued with the next 文号 of its series (on the `results` chain)',
  })
  reply(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.vetting.reply(user, id);
  }

  @Get('inquiries/:id/pdf')
  @RequireRole('orgDept', 'officer', 'reviewer', 'committee', 'leader', 'auditor')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The reply (党风廉政意见回复函) as issued, application/pdf, named by its 文号' })
  async pdf(@CurrentUser() user: AuthUser, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const { bytes, docNo } = await this.vetting.pdf(user, id);
    reply.header('Content-Type', 'application/pdf');
    reply.header('Content-Disposition', `attachment; filename="reply.pdf"; filename*=UTF-8''${encodeURIComponent(`${docNo}.pdf`)}`);
    return bytes;
  }
}
