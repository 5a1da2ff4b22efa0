import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { CasesService } from './cases.service';
import { ListCasesQuery } from './list-cases.query';

// A retry with the same Idempotency-Key replays the first answer with the same status: a creation's
// first answer is always 201 and an event's 200 (the engine stores no other), so each route has one.
const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'A retried request with the same key returns the first answer' };

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a case: {procedure, ...creation fields of GET /api/procedures/:id}' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: { type: 'object', required: ['procedure'], properties: { procedure: { type: 'string' } }, additionalProperties: true } })
  create(@CurrentUser() user: AuthUser, @Body() body: Record<string, unknown>, @Headers('idempotency-key') key: string | undefined) {
    return this.cases.create(user, body ?? {}, key);
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
  @HttpCode(200)
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
  send(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @Headers('idempotency-key') key: string | undefined,
  ) {
    return this.cases.sendEvent(user, id, body ?? {}, key);
  }

  @Get(':id/trail')
  @ApiOperation({ summary: "The case's trail entries in order" })
  trail(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.cases.trailOf(user, id);
  }
}
