import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { AuditEntriesQuery } from './audit-entries.query';
import { AuditReadPolicy } from './audit-read.policy';
import { AuditSearchService, type AuditEntriesPage } from './audit-search.service';
import { AuditTrailService, type VerificationResult } from './audit-trail.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly policy: AuditReadPolicy,
    private readonly search: AuditSearchService,
  ) {}

  @Get('entries')
  @ApiOperation({ summary: 'Trail entries across cases, filtered (case, actor, role, event, time, refused only) and paged, newest first' })
  entries(@CurrentUser() user: AuthUser, @Query() query: AuditEntriesQuery): Promise<AuditEntriesPage> {
    this.policy.assertMayReadWholeTrail(user);
    return this.search.search(query);
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recompute every hash chain; names the first broken entry' })
  verify(@CurrentUser() user: AuthUser): Promise<VerificationResult> {
    this.policy.assertMayReadWholeTrail(user);
    return this.trail.verify();
  }

  @Get('export')
  @ApiOperation({ summary: 'The whole trail as NDJSON, streamed' })
  @Header('Content-Type', 'application/x-ndjson; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="audit-trail.ndjson"')
  export(@CurrentUser() user: AuthUser): StreamableFile {
    this.policy.assertMayReadWholeTrail(user);
    return new StreamableFile(this.trail.exportNdjson());
  }
}
