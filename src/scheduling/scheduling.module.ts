import { AttachmentsModule } from '../attachments/attachments.module';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { DocumentsModule } from '../documents/documents.module';
import { DatabaseModule } from '../database/database.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { TrailModule } from '../trail/trail.module';
import { CalendarAdminController } from './calendar-admin.controller';
import { CalendarAdminService } from './calendar-admin.service';
import { DeadlineRecompute } from './deadline-recompute.service';
import { DeadlineScheduler } from './deadline-scheduler.service';
import { NotificationEntity } from './notification.entity';
import { NotificationsController } from './notifications.controller';
import { NotificationReadEntity } from './notification-read.entity';
import { NotificationsService } from './notifications.service';
import { PurgeService } from './purge.service';
import { RemindersService } from './reminders.service';
import { SupervisionLetterEntity } from './supervision-letter.entity';
import { WarningLadderService } from './warning-ladder.service';
import { WarningsController } from './warnings.controller';
import { WarningsService } from './warnings.service';

/**
 * Above the cases: the scheduler that fires expiries through the engine and moves the warning ladder,
 * notices and reminders, supervision letters, and due dates recomputed after a calendar load.
 */
@Module({
  imports: [
    DatabaseModule,
    AttachmentsModule,
    TrailModule,
    DeadlinesModule,
    CasesModule,
    DocumentsModule,
    TypeOrmModule.forFeature([NotificationEntity, NotificationReadEntity, SupervisionLetterEntity]),
  ],
  controllers: [NotificationsController, CalendarAdminController, WarningsController],
  providers: [
    DeadlineScheduler,
    DeadlineRecompute,
    NotificationsService,
    CalendarAdminService,
    WarningLadderService,
    WarningsService,
    RemindersService,
    PurgeService,
  ],
  exports: [DeadlineScheduler, PurgeService],
})
export class SchedulingModule {}
