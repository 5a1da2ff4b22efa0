import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { StatisticsController } from './statistics.controller';
import { StatisticsService } from './statistics.service';

/** Statistics over the trail (issue 21): above the cases and the trail it reads; no entities of its own. */
@Module({
  imports: [DatabaseModule],
  controllers: [StatisticsController],
  providers: [StatisticsService],
  exports: [StatisticsService],
})
export class StatisticsModule {}
