import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { AuditEntriesQuery } from './audit-entries.query';
import { AuditReadPolicy } from './audit-read.policy';
import { AuditSearchService, type AuditEntriesPage } from './audit-search.service';
import { AuditTrailService, type VerificationResult } from './audit-trail.service';
import { AuditReads } from './audit-reads.service';
import { TrailPresenter } from '../sealed/trail-presenter';
import { TransparencyLog } from '../trail/transparency-log.service';
import { ExportQuery } from './proofs.controller';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly policy: AuditReadPolicy,
    private readonly search: AuditSearchService,
    private readonly reads: AuditReads,
    private readonly presenter: TrailPresenter,
    private readonly log: TransparencyLog,
  ) {}

  @Get('entries')
  @ApiOperation({
    summary: 'Trail entries across cases, filtered (case, chain, actor, role, event, time, refused only) and paged, newest first; each search is on the record',
  })
  async entries(@CurrentUser() user: AuthUser, @Query() query: AuditEntriesQuery): Promise<AuditEntriesPage> {
    this.policy.assertMayReadWholeTrail(user);
    const page = await this.search.search(query);
    await this.reads.recordSearch(user, { ...query }, page.total);
    return page;
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recompute every hash chain; names the first broken entry' })
  verify(@CurrentUser() user: AuthUser): Promise<VerificationResult> {
    this.policy.assertMayReadWholeTrail(user);
    return this.trail.verify();
  }

  @Get('export')
  @ApiOperation({
    summary: 'The whole trail as NDJSON in log order (`logIndex` 0, 1, …; from `from` on), streamed; the export is on the record first, and is its last line',
  })
  async export(@CurrentUser() user: AuthUser, @Query() query: ExportQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    this.policy.assertMayReadWholeTrail(user);
    await this.reads.recordExport(user);
    // Set here, not with @Header, so that a refusal (a bad `from`) still goes out as JSON.
    void reply.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    void reply.header('Content-Disposition', 'attachment; filename="audit-trail.ndjson"');
    // In log order with each entry's log index (issue 22), so the offline verifier can rebuild the tree.
    return new StreamableFile(await this.log.exportNdjson((page) => this.presenter.present(page), query.from ?? 0));
  }
}
