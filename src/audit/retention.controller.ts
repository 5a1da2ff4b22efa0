import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { RequireRole } from '../identity/require-role.guard';
import { RetentionService, type RetentionKind, type RetirementDecision } from './retention.service';

export class RetirementDto {
  @ApiProperty({ description: 'A configured kind: security, admin, audit-reads, or a procedure', example: 'security' })
  @Matches(/^[A-Za-z][\w-]{0,39}$/, { message: 'kind: a configured kind (security, admin, audit-reads, or a procedure name)' })
  kind: string;

  @ApiProperty({ description: 'Why, as the decision records it (e.g. the number of the approval document)' })
  @IsString()
  @Length(1, 500)
  reason: string;
}

/** Retention of the trail's payloads (issue 22 §4): what is due, and the audit administrator's decision. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit/retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get()
  @RequireRole('auditAdmin', 'auditor')
  @ApiOperation({ summary: 'Each kind of payload with its retention period, its cutoff and how many entries are past it and not yet retired' })
  kinds(): Promise<RetentionKind[]> {
    return this.retention.kinds();
  }

  @Post('retirements')
  @HttpCode(200)
  @RequireRole('auditAdmin')
  @ApiOperation({
    summary:
      'Retire the payloads of entries of one kind past retention (at most 20 000 a decision): data and reason removed, hash, leaf and chain kept; the decision is an entry on the admin chain',
  })
  retire(@CurrentUser() admin: AuthUser, @Body() body: RetirementDto): Promise<RetirementDecision> {
    return this.retention.retire(admin, body.kind, body.reason);
  }
}
