import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { CasesService } from './cases.service';
import { ListCasesQuery } from './list-cases.query';

const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'A retried request with the same key returns the first answer' };

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @ApiOperation({ summary: 'Open a case: {procedure, ...creation fields of GET /api/procedures/:id}' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: { type: 'object', required: ['procedure'], properties: { procedure: { type: 'string' } }, additionalProperties: true } })
  async create(@CurrentUser() user: AuthUser, @Body() body: Record<string, unknown>, @Headers('idempotency-key') key: string | undefined, @Res() reply: FastifyReply) {
    const answer = await this.cases.create(user, body ?? {}, key);
    return reply.status(answer.statusCode).send(answer.body);
  }

  @Get()
  @ApiOperation({ summary: 'Cases visible to the caller, filtered, paged and sorted' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListCasesQuery) {
    return this.cases.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One case as the caller may see it, with the events the caller may send now' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.cases.view(user, id);
  }

  @Post(':id/events')
  @ApiOperation({ summary: 'Send an event: {type, expectedVersion, ...fields of the event}' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['type', 'expectedVersion'],
      properties: { type: { type: 'string' }, expectedVersion: { type: 'integer' } },
      additionalProperties: true,
    },
  })
  async send(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Headers('idempotency-key') key: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const answer = await this.cases.sendEvent(user, id, body ?? {}, key);
    return reply.status(answer.statusCode).send(answer.body);
  }

  @Get(':id/trail')
  @ApiOperation({ summary: "The case's trail entries in order" })
  trail(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.cases.trailOf(user, id);
  }
}
