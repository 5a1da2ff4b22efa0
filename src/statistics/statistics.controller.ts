import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { DrillDownQuery, StatsQuery } from './stats.query';
import { StatisticsService, type DrillDownPage, type StatsAnswer } from './statistics.service';

/** The defined indicators (统计口径: docs/statistics.md), their figures and the cases behind each. */
@ApiTags('statistics')
@ApiBearerAuth()
@Controller('api/stats')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get()
  @ApiOperation({ summary: 'Every indicator’s figure for the period, jurisdiction, unit and procedure, with its breakdown (and groups with groupBy)' })
  figures(@CurrentUser() user: AuthUser, @Query() query: StatsQuery): Promise<StatsAnswer> {
    return this.statistics.figures(user, query);
  }

  @Get('indicators')
  @ApiOperation({ summary: 'The indicators and their counting rules (统计口径), in both languages' })
  indicators(@CurrentUser() user: AuthUser) {
    return this.statistics.catalogue(user);
  }

  @Get('indicators/:indicator/cases')
  @ApiOperation({ summary: 'The trail entries and cases behind one figure (optionally one breakdown value or group), paged; the total is the figure' })
  drillDown(@CurrentUser() user: AuthUser, @Param('indicator') indicator: string, @Query() query: DrillDownQuery): Promise<DrillDownPage> {
    return this.statistics.drillDown(user, indicator, query);
  }
}
