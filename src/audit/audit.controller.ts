import { Controller, Get, Header, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { AuditReadPolicy } from './audit-read.policy';
import { AuditTrailService, type VerificationResult } from './audit-trail.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly policy: AuditReadPolicy,
  ) {}

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
