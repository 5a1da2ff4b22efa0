import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { RequireRole } from '../identity/require-role.guard';
import { CalendarAdminService } from './calendar-admin.service';

const YEAR_BODY = {
  schema: {
    type: 'object',
    required: ['year'],
    properties: {
      year: { type: 'integer', example: 2027 },
      holidays: {
        description: 'Text, one entry a line (2027-02-10至2027-02-17, 春节：2月10日至17日放假，… the notice as published), or a list of YYYY-MM-DD',
        oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      },
      workdays: { description: 'Make-up working days (调休上班), the same forms', oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      note: { type: 'string', description: 'Where the dates come from, e.g. the notice number' },
    },
  },
};

/**
 * The working-day calendar, kept by the system administrator: the State Council's holiday schedule
 * for a year is previewed, then loaded while the service runs (docs/operations.md).
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin/calendar')
export class CalendarAdminController {
  constructor(private readonly calendar: CalendarAdminService) {}

  @Get()
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: 'The calendar years known and where each comes from, the missing-year warning, provisional deadlines' })
  status() {
    return this.calendar.status();
  }

  @Get(':year')
  @RequireRole('sysAdmin')
  @ApiOperation({ summary: "One year's holidays and make-up working days, by month" })
  year(@Param('year', ParseIntPipe) year: number) {
    return this.calendar.year(year);
  }

  @Post('preview')
  @HttpCode(200)
  @RequireRole('sysAdmin')
  @ApiOperation({
    summary: 'Read a year as it would be loaded: dates by month, warnings, what changes, how many running deadlines would move; nothing is stored',
  })
  @ApiBody(YEAR_BODY)
  preview(@Body() body: unknown) {
    return this.calendar.preview(body);
  }

  @Post()
  @RequireRole('sysAdmin')
  @ApiOperation({
    summary:
      'Load (or correct) a year: the body of the preview plus confirmDigest (the preview’s digest) and expectedRevision (the preview’s replaces.revision); recorded on the admin chain, running deadlines recomputed',
  })
  @ApiBody({
    schema: {
      ...YEAR_BODY.schema,
      required: ['year', 'confirmDigest', 'expectedRevision'],
      properties: { ...YEAR_BODY.schema.properties, confirmDigest: { type: 'string' }, expectedRevision: { type: 'integer' } },
    },
  })
  load(@CurrentUser() admin: AuthUser, @Body() body: unknown) {
    return this.calendar.load(admin, body);
  }
}
