import { Controller, Get, Injectable, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { condition, DomainError } from '../common/domain-error';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { AuditEntryEntity } from '../trail/audit-entry.entity';
import { TransparencyLog } from '../trail/transparency-log.service';
import { CaseViews } from './case-views';
import { partyTimeline, partyTimelineSources } from './party-timeline';

/**
 * What a party's receipt does not show of the stored entry (always the same list, whatever the
 * entry: naming a data field that is absent from the party view, a sealed one say, would itself
 * tell something). The receipt shows the entry as the party's timeline shows it; the log's signed
 * attestation binds that view to the entry's hash, which the inclusion proof binds to the checkpoint.
 */
export const PARTY_VIEW_WITHHELD = [
  'streamId',
  'position',
  'prevHash',
  'actorId',
  'actorRole',
  'fromState',
  'toState',
  'data',
  'outcome',
  'procedureVersion',
  'algorithm',
];

/**
 * Receipts for the parties of a case (issue 22 §3): for each step on their timeline (their filing,
 * the notices and decisions served on them, their own steps) a `.tlog-proof` they can keep and
 * verify offline with `npm run verify-export -- --receipt` against the log's published key.
 */
@Injectable()
export class PartyReceipts {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly views: CaseViews,
    private readonly log: TransparencyLog,
  ) {}

  async receipt(user: AuthUser, caseId: string, position: number): Promise<string> {
    const { row, level } = await this.views.visibleRow(user, caseId, this.dataSource.manager);
    if (level !== 'party') {
      throw new DomainError('AUTH.FORBIDDEN', 'Receipts are for the parties of a case; staff and auditors read the trail and its proofs', {
        conditions: [
          condition(
            'receipt.partiesOnly',
            '回执供案件当事方下载；办案和审计人员请查看案件记录及其包含证明',
            'Receipts are for the parties of the case; staff and auditors read the trail and its inclusion proofs',
          ),
        ],
      });
    }
    const entries = await this.dataSource.getRepository(AuditEntryEntity).find({ where: { streamId: caseId }, order: { position: 'ASC' } });
    const context = this.views.partyContext(user, row);
    const timeline = partyTimeline(user, entries, context);
    const sources = partyTimelineSources(user, entries, context);
    const shown = timeline[position - 1];
    const source = sources[position - 1];
    if (!shown || !source) {
      throw new DomainError('CASE.RECEIPT_NOT_FOUND', `No step ${position} on this case's timeline`, {
        conditions: [
          condition(
            'receipt.noSuchStep',
            `该案件的办理进程中没有第 ${position} 步（共 ${timeline.length} 步）`,
            `There is no step ${position} on this case's timeline (it has ${timeline.length})`,
            'position',
          ),
        ],
      });
    }
    return this.log.receipt(source.id, source.hash, { caseId: row.id, procedure: row.procedure, ...shown }, PARTY_VIEW_WITHHELD);
  }
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/cases')
export class PartyReceiptsController {
  constructor(private readonly receipts: PartyReceipts) {}

  @Get(':id/receipts/:position')
  @ApiOperation({
    summary: 'A party’s receipt (C2SP tlog-proof) of one step on their timeline (1-based, as GET /api/cases/:id/trail numbers it), verifiable offline',
  })
  async receipt(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('position') positionText: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const position = /^[1-9][0-9]{0,5}$/.test(positionText) ? Number(positionText) : NaN;
    if (Number.isNaN(position)) {
      throw new DomainError('REQUEST.INVALID', 'position must be a whole number from 1', {
        fields: [{ field: 'position', message: 'position must be a whole number from 1' }],
        conditions: [condition('receipt.position', '步骤序号须为从 1 开始的整数', 'The step number must be a whole number from 1', 'position')],
      });
    }
    const text = await this.receipts.receipt(user, id, position);
    // Set only on success, so a refusal still goes out as JSON.
    void reply.header('Content-Type', 'text/plain; charset=utf-8');
    void reply.header('Content-Disposition', `attachment; filename="receipt-${id}-${position}.tlog-proof"`);
    return text;
  }
}
