import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { DatabaseModule } from '../database/database.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { TrailModule } from '../trail/trail.module';
import { CalendarAdminController } from './calendar-admin.controller';
import { CalendarAdminService } from './calendar-admin.service';
import { DeadlineRecompute } from './deadline-recompute.service';
import { DeadlineScheduler } from './deadline-scheduler.service';
import { NotificationEntity } from './notification.entity';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** Above the cases: the scheduler that fires expiries through the engine, notices, and due dates recomputed after a calendar load. */
@Module({
  imports: [DatabaseModule, TrailModule, DeadlinesModule, CasesModule, TypeOrmModule.forFeature([NotificationEntity])],
  controllers: [NotificationsController, CalendarAdminController],
  providers: [DeadlineScheduler, DeadlineRecompute, NotificationsService, CalendarAdminService],
  exports: [DeadlineScheduler],
})
export class SchedulingModule {}
