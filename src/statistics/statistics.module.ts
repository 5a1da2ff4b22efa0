import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { DatabaseModule } from '../database/database.module';
import { OrgModule } from '../org/org.module';
import { TrailModule } from '../trail/trail.module';
import { StatisticsExports } from './statistics-exports.service';
import { StatisticsExportsController } from './statistics-exports.controller';
import { StatisticsController } from './statistics.controller';
import { StatisticsService } from './statistics.service';
import { StepTimesService } from './step-times.service';

/** Statistics over the trail (issue 21): above the cases and the trail it reads; no entities of its own. */
@Module({
  imports: [DatabaseModule, OrgModule, TrailModule, CasesModule, DeadlinesModule],
  controllers: [StatisticsController, StatisticsExportsController],
  providers: [StatisticsService, StatisticsExports, StepTimesService],
  exports: [StatisticsService],
})
export class StatisticsModule {}
