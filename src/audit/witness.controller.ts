import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { condition, DomainError, type ErrorCode } from '../common/domain-error';
import { Public } from '../identity/public.decorator';
import { TransparencyWitness, WitnessRefusal, type WitnessRefusalKind } from '../trail/witness.service';

const REFUSALS: Record<WitnessRefusalKind, { code: ErrorCode; zh: string; en: string }> = {
  malformed: {
    code: 'REQUEST.INVALID',
    zh: '见证请求格式有误：应为“old 规模”、一致性证明各行、空行和已签名检查点',
    en: 'The request is malformed: "old <size>", the proof lines, a blank line, the signed checkpoint',
  },
  'unknown-log': { code: 'WITNESS.UNKNOWN_LOG', zh: '本见证方未受托见证该日志', en: 'This witness does not witness that log' },
  'bad-signature': { code: 'WITNESS.BAD_SIGNATURE', zh: '检查点没有该日志公钥的有效签名', en: 'The checkpoint is not validly signed by the log’s key' },
  'sizes-reversed': {
    code: 'WITNESS.SIZES_REVERSED',
    zh: '起始规模（old）不能大于检查点的规模',
    en: 'The old size cannot be greater than the checkpoint’s size',
  },
  conflict: {
    code: 'WITNESS.CONFLICT',
    zh: '与本见证方上次联署的检查点不一致（日志回退、分叉或起始规模不对）',
    en: 'Not consistent with the checkpoint this witness last cosigned (a rollback, a fork, or the wrong old size)',
  },
  'bad-proof': { code: 'WITNESS.BAD_PROOF', zh: '一致性证明验证失败', en: 'The consistency proof does not verify' },
};

/**
 * The witness endpoint (C2SP tlog-witness `add-checkpoint`, issue 22 §4): no token — the request
 * is authenticated by the log's signature on the checkpoint. Refusals are this service's JSON
 * refusals (a 409 carries the witness's size in `details.treeSize`, where the C2SP text form puts it
 * in the body).
 */
@ApiTags('transparency')
@Controller('api/witness')
export class WitnessController {
  constructor(private readonly witness: TransparencyWitness) {}

  @Public()
  @Post('add-checkpoint')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cosign a lower body’s checkpoint: `old <size>`, the consistency proof, a blank line, the signed checkpoint; answers the cosignature line',
  })
  @ApiBody({ schema: { type: 'string' } })
  async addCheckpoint(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (typeof body !== 'string') throw refusal(new WitnessRefusal('malformed', 'the body is the request as text/plain'));
    try {
      const cosignature = await this.witness.addCheckpoint(body);
      void reply.header('Content-Type', 'text/plain; charset=utf-8');
      return cosignature;
    } catch (error) {
      throw error instanceof WitnessRefusal ? refusal(error) : error;
    }
  }
}

function refusal(error: WitnessRefusal): DomainError {
  const { code, zh, en } = REFUSALS[error.kind];
  return new DomainError(code, error.message, {
    ...(error.treeSize !== undefined ? { treeSize: error.treeSize } : {}),
    conditions: [condition(`witness.${error.kind}`, zh, en)],
  });
}
