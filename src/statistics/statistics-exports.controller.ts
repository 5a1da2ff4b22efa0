import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { CasesExportQuery, DrillDownExportQuery, StatsExportQuery } from './export.query';
import { StatisticsExports, type ExportFile } from './statistics-exports.service';
import { CONTENT_TYPES } from './table-export';

const file = (exported: ExportFile) =>
  new StreamableFile(exported.stream, {
    type: CONTENT_TYPES[exported.format],
    disposition: `attachment; filename="${exported.filename.replace(/[^A-Za-z0-9._-]/g, '_')}.${exported.format}"`,
  });

/** Statistics tables and case lists as .xlsx or CSV (Chinese headers); case lists on the record. */
@ApiTags('statistics')
@ApiBearerAuth()
@Controller('api')
export class StatisticsExportsController {
  constructor(private readonly exports: StatisticsExports) {}

  @Get('stats/export')
  @ApiOperation({ summary: 'The statistics table (every indicator, breakdown and group) for the filters, as .xlsx or CSV' })
  async figures(@CurrentUser() user: AuthUser, @Query() query: StatsExportQuery): Promise<StreamableFile> {
    return file(await this.exports.figures(user, query));
  }

  @Get('stats/indicators/:indicator/cases/export')
  @ApiOperation({ summary: 'The entries and cases behind one figure, as .xlsx or CSV; the export is on the audit-reads chain' })
  async drillDown(@CurrentUser() user: AuthUser, @Param('indicator') indicator: string, @Query() query: DrillDownExportQuery): Promise<StreamableFile> {
    return file(await this.exports.drillDown(user, indicator, query));
  }

  @Get('exports/cases')
  @ApiOperation({
    summary:
      'The case list the caller sees with these filters (as GET /api/cases), streamed as .xlsx or CSV; staff and auditors; the export is on the audit-reads chain',
  })
  async cases(@CurrentUser() user: AuthUser, @Query() query: CasesExportQuery): Promise<StreamableFile> {
    return file(await this.exports.caseList(user, query));
  }
}
