import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { RequireRole } from '../identity/require-role.guard';
import { RetentionService, type RetentionKind } from './retention.service';
import { RetirementProposalsService, type ProposalView } from './retirement-proposals.service';

export class RetirementProposalDto {
  @ApiProperty({ description: 'A configured kind: security, admin, audit-reads, or a procedure', example: 'security' })
  @Matches(/^[A-Za-z][\w-]{0,39}$/, { message: 'kind: a configured kind (security, admin, audit-reads, or a procedure name)' })
  kind: string;

  @ApiProperty({ description: 'Why, as the decision records it (e.g. the number of the approval document)' })
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class ApproveProposalDto {
  @ApiPropertyOptional({ description: 'A note recorded with the approval' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class RejectProposalDto {
  @ApiProperty({ description: 'Why the proposal is rejected (or withdrawn, by its proposer)' })
  @IsString()
  @Length(1, 500)
  note: string;
}

/**
 * Retention of the trail's payloads (issue 22 §4): what is due, and the decision of two audit
 * administrators (one proposes, another approves).
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit/retention')
export class RetentionController {
  constructor(
    private readonly retention: RetentionService,
    private readonly proposals: RetirementProposalsService,
  ) {}

  @Get()
  @RequireRole('auditAdmin', 'auditor')
  @ApiOperation({ summary: 'Each kind of payload with its retention period, its cutoff and how many entries are past it and not yet retired' })
  kinds(): Promise<RetentionKind[]> {
    return this.retention.kinds();
  }

  @Get('proposals')
  @RequireRole('auditAdmin', 'auditor')
  @ApiOperation({ summary: 'The newest 50 retirement proposals, pending and decided' })
  list(): Promise<ProposalView[]> {
    return this.proposals.list();
  }

  @Post('proposals')
  @RequireRole('auditAdmin')
  @ApiOperation({
    summary:
      'Propose to retire the payloads of entries of one kind past retention (at most 20 000 a decision); fixes the cutoff, range and count; a second audit administrator approves',
  })
  propose(@CurrentUser() admin: AuthUser, @Body() body: RetirementProposalDto): Promise<ProposalView> {
    return this.proposals.propose(admin, body.kind, body.reason);
  }

  @Post('proposals/:id/approve')
  @HttpCode(200)
  @RequireRole('auditAdmin')
  @ApiOperation({
    summary:
      "Another audit administrator approves: the proposal's set is retired (data and reason removed, hash, leaf and chain kept), the decision an entry on the admin chain",
  })
  approve(@CurrentUser() admin: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: ApproveProposalDto): Promise<ProposalView> {
    return this.proposals.approve(admin, id, body.note);
  }

  @Post('proposals/:id/reject')
  @HttpCode(200)
  @RequireRole('auditAdmin')
  @ApiOperation({ summary: 'Another audit administrator rejects, or the proposer withdraws, with a reason' })
  reject(@CurrentUser() admin: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: RejectProposalDto): Promise<ProposalView> {
    return this.proposals.reject(admin, id, body.note);
  }
}
