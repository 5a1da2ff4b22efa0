import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { DrillDownQuery, StatsQuery } from './stats.query';
import { StatisticsService, type DrillDownPage, type StatsAnswer } from './statistics.service';
import { StepTimesCasesQuery, StepTimesQuery } from './step-times.query';
import { StepTimesService, type StepTimesAnswer, type StepTimesPage } from './step-times.service';

/** The defined indicators (统计口径: docs/statistics.md), their figures and the cases behind each. */
@ApiTags('statistics')
@ApiBearerAuth()
@Controller('api/stats')
export class StatisticsController {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly stepTimes: StepTimesService,
  ) {}

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

  @Get('step-times')
  @ApiOperation({ summary: 'Processing time per step and per procedure (median, p90; calendar and working days) and the overdue rate per step' })
  stepTimeFigures(@CurrentUser() user: AuthUser, @Query() query: StepTimesQuery): Promise<StepTimesAnswer> {
    return this.stepTimes.figures(user, query);
  }

  @Get('step-times/cases')
  @ApiOperation({ summary: 'The stays behind one step’s figure (or, without step, the runs behind the procedure’s), paged; the total is the count' })
  stepTimeCases(@CurrentUser() user: AuthUser, @Query() query: StepTimesCasesQuery): Promise<StepTimesPage> {
    return this.stepTimes.cases(user, query);
  }
}
