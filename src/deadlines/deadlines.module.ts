import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarYearEntity } from './calendar-year.entity';
import { DeadlineEntity } from './deadline.entity';
import { DeadlineStore } from './deadline-store.service';
import { LimitsInForce } from './limits-in-force';
import { LiveCalendar } from './live-calendar.service';
import { WarningRules } from './warning-rules';

/**
 * The working calendar and the deadline rows the engine writes in its transactions. The calendar
 * years and deadline rules read at start-up (CALENDAR_BASE_YEARS, DEADLINE_RULES) are provided at
 * the application's root.
 */
@Module({
  imports: [TypeOrmModule.forFeature([DeadlineEntity, CalendarYearEntity])],
  providers: [LiveCalendar, DeadlineStore, LimitsInForce, WarningRules],
  exports: [LiveCalendar, DeadlineStore, LimitsInForce, WarningRules],
})
export class DeadlinesModule {}
