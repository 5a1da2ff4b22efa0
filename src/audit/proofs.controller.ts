import { Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { condition, DomainError } from '../common/domain-error';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { Public } from '../identity/public.decorator';
import { LogLookupError, TransparencyLog, type StoredCheckpoint } from '../trail/transparency-log.service';
import { formatTlogProof } from '../trail/tlog-proof-format';
import { hashFromBase64 } from '../trail/merkle-tree';
import type { PublishedKeys } from '../trail/checkpoint-keys';
import { AuditReadPolicy } from './audit-read.policy';

const MAX_INDEX = 2 ** 31 - 1;

export class InclusionQuery {
  @ApiPropertyOptional({ description: 'The entry’s log index (0-based)' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  index: number;

  @ApiPropertyOptional({ description: 'The tree size of a signed checkpoint' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  treeSize: number;

  @ApiPropertyOptional({ description: '`json` (default) or `tlog-proof` (the C2SP text)', enum: ['json', 'tlog-proof'] })
  @IsOptional()
  @IsIn(['json', 'tlog-proof'])
  format?: 'json' | 'tlog-proof';
}

export class ConsistencyQuery {
  @ApiPropertyOptional({ description: 'The older checkpoint’s tree size' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  from: number;

  @ApiPropertyOptional({ description: 'The newer checkpoint’s tree size' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  to: number;
}

/** `GET /api/audit/export?from=N`: the export from log index N on, for the verifier's incremental mode. */
export class ExportQuery {
  @ApiPropertyOptional({ description: 'The first log index exported (the tree size of the last verified checkpoint); 0 by default' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INDEX)
  from?: number;
}

export class CheckpointListQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

/**
 * The transparency log for auditors and anyone holding a receipt: signed checkpoints (public: they
 * say nothing but the size and root of the log), the log's public keys, and inclusion and
 * consistency proofs (auditors and the audit administrator: a proof names an entry's place).
 */
@ApiTags('transparency')
@Controller()
export class ProofsController {
  constructor(
    private readonly log: TransparencyLog,
    private readonly policy: AuditReadPolicy,
  ) {}

  @Public()
  @Get('api/transparency/keys')
  @ApiOperation({ summary: 'The log’s origin and public keys (vkeys, with their validity windows) and the witness’s cosignature key' })
  keys(): PublishedKeys {
    return this.log.published();
  }

  @Public()
  @Get('.well-known/tlog-keys')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: 'The same keys as a C2SP tlog-policy fragment: `log <vkey>` lines and the witness key' })
  wellKnownKeys(): string {
    const keys = this.log.published();
    return [
      `# transparency log of ${keys.origin}: its checkpoint keys (valid from / until) and its witness key`,
      ...keys.logKeys.map((key) => `log ${key.vkey}\n# valid from ${key.validFrom}${key.validUntil ? ` until ${key.validUntil}` : ''}`),
      `# witness key: witness <name> ${keys.witnessKey}`,
      '',
    ].join('\n');
  }

  @Public()
  @Get('api/transparency/checkpoint')
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'The newest signed checkpoint (C2SP tlog-checkpoint), with the witnesses’ cosignatures' })
  async latest(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const latest = await this.log.latest();
    if (!latest) throw notFound('latest');
    return plainText(reply, latest.note);
  }

  @Public()
  @Get('api/transparency/checkpoints/:treeSize')
  @ApiOperation({ summary: 'The signed checkpoint of one tree size, with the cosignatures received' })
  async one(@Param('treeSize') treeSizeText: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const treeSize = /^(0|[1-9][0-9]{0,9})$/.test(treeSizeText) ? Number(treeSizeText) : NaN;
    if (!Number.isSafeInteger(treeSize)) {
      throw new DomainError('REQUEST.INVALID', 'treeSize must be a whole number', {
        fields: [{ field: 'treeSize', message: 'treeSize must be a whole number' }],
        conditions: [condition('tlog.treeSize', '检查点规模须为非负整数', 'The tree size must be a whole number', 'treeSize')],
      });
    }
    const checkpoint = await this.log.checkpoint(treeSize);
    if (!checkpoint) throw notFound(treeSize);
    return plainText(reply, checkpoint.note);
  }

  @ApiBearerAuth()
  @Get('api/transparency/checkpoints')
  @ApiOperation({ summary: 'Every checkpoint issued, newest first, paged (auditors, audit administrator)' })
  async list(
    @CurrentUser() user: AuthUser,
    @Query() query: CheckpointListQuery,
  ): Promise<{ items: StoredCheckpoint[]; total: number; page: number; pageSize: number }> {
    this.policy.assertMayReadWholeTrail(user);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    return { ...(await this.log.list(page, pageSize)), page, pageSize };
  }

  @ApiBearerAuth()
  @Post('api/transparency/checkpoints')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue a checkpoint now of everything committed (auditors, audit administrator); the newest one when nothing is new' })
  async issue(@CurrentUser() user: AuthUser): Promise<StoredCheckpoint> {
    this.policy.assertMayReadWholeTrail(user);
    return (await this.log.issueCheckpoint({ force: true }))!;
  }

  @ApiBearerAuth()
  @Get('api/transparency/proofs/inclusion')
  @ApiOperation({ summary: 'The inclusion proof of the entry at a log index in a signed checkpoint (JSON, or the C2SP tlog-proof text)' })
  async inclusion(@CurrentUser() user: AuthUser, @Query() query: InclusionQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    this.policy.assertMayReadWholeTrail(user);
    try {
      const proof = await this.log.inclusion(query.index, query.treeSize);
      if (query.format !== 'tlog-proof') return proof;
      return plainText(
        reply,
        formatTlogProof({ index: proof.index, proof: proof.proof.map((hash) => hashFromBase64(hash)!), checkpoint: proof.checkpoint.note }),
      );
    } catch (error) {
      throw refusalOf(error);
    }
  }

  @ApiBearerAuth()
  @Get('api/transparency/proofs/consistency')
  @ApiOperation({ summary: 'The consistency proof between two signed checkpoints (RFC 6962 §2.1.2)' })
  async consistency(@CurrentUser() user: AuthUser, @Query() query: ConsistencyQuery): Promise<{ from: number; to: number; proof: string[] }> {
    this.policy.assertMayReadWholeTrail(user);
    try {
      return await this.log.consistency(query.from, query.to);
    } catch (error) {
      throw refusalOf(error);
    }
  }
}

/**
 * The signed notes are text. The content type is set only on success (not with @Header), so that a
 * refusal still goes out as the JSON body every refusal has.
 */
function plainText(reply: FastifyReply, text: string): string {
  void reply.header('Content-Type', 'text/plain; charset=utf-8');
  return text;
}

function notFound(treeSize: number | 'latest'): DomainError {
  return new DomainError('TLOG.CHECKPOINT_NOT_FOUND', treeSize === 'latest' ? 'No checkpoint has been issued yet' : `No checkpoint of tree size ${treeSize}`, {
    conditions: [
      treeSize === 'latest'
        ? condition('tlog.noCheckpoint', '尚未签发任何检查点', 'No checkpoint has been issued yet')
        : condition('tlog.checkpointNotFound', `没有规模为 ${treeSize} 的已签名检查点`, `There is no signed checkpoint of tree size ${treeSize}`, 'treeSize'),
    ],
  });
}

function refusalOf(error: unknown): unknown {
  if (!(error instanceof LogLookupError)) return error;
  switch (error.kind) {
    case 'checkpoint-not-found':
      return notFound(error.treeSize ?? 'latest');
    case 'index-beyond-tree':
      return new DomainError('TLOG.INDEX_BEYOND_TREE', error.message, {
        conditions: [condition('tlog.indexBeyondTree', '条目序号须小于检查点的日志规模', 'The index must be smaller than the checkpoint’s tree size', 'index')],
      });
    case 'sizes-reversed':
      return new DomainError('TLOG.SIZES_REVERSED', error.message, {
        conditions: [condition('tlog.sizesReversed', '起始检查点的规模不能大于目标检查点', 'The old tree size cannot be greater than the new one', 'from')],
      });
  }
}
