import { DynamicModule, Global, Module, type LoggerService } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { rateLimits } from './common/rate-limits';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { ProcedureRegistry } from '../workflows/core';
import { AdminController } from './admin/admin.controller';
import { AdminApprovalsService } from './admin/admin-approvals.service';
import { InitialAdministrators } from './admin/initial-administrators.service';
import { UnitsService } from './org/units.service';
import { UserAdminService } from './admin/user-admin.service';
import { AuditController } from './audit/audit.controller';
import { SecurityLog } from './trail/trail-writer';
import { RevealsController } from './reveals/reveals.controller';
import { RevealsService } from './reveals/reveals.service';
import { AuditReadPolicy } from './audit/audit-read.policy';
import { AuditSearchService } from './audit/audit-search.service';
import { AuditReads } from './audit/audit-reads.service';
import { AuditTrailService } from './audit/audit-trail.service';
import { CaseAccessPolicy } from './cases/case-access.policy';
import { CaseEngine } from './cases/case-engine.service';
import { CaseRowIntegrity } from './cases/case-row-integrity';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { DomainErrorFilter } from './common/domain-error.filter';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { openDataSource } from './database/open-data-source';
import { TransactionRunner } from './database/transaction-runner';
import { DemoDataService } from './demo/demo-data.service';
import { loadBaseYears } from './deadlines/calendar-loader';
import { CalendarAdminController } from './scheduling/calendar-admin.controller';
import { CalendarAdminService } from './scheduling/calendar-admin.service';
import { DeadlineRecompute } from './scheduling/deadline-recompute.service';
import { DeadlineScheduler } from './scheduling/deadline-scheduler.service';
import { loadDeadlineRules } from './deadlines/deadline-rules';
import { DeadlineStore } from './deadlines/deadline-store.service';
import { CALENDAR_BASE_YEARS, DEADLINE_RULES } from './deadlines/deadline-tokens';
import { LiveCalendar } from './deadlines/live-calendar.service';
import { NotificationsController } from './scheduling/notifications.controller';
import { NotificationsService } from './scheduling/notifications.service';
import { HealthController } from './health/health.controller';
import { ReadinessService } from './health/readiness.service';
import { ShutdownState } from './health/shutdown-state';
import { Clock, SystemClock } from './common/clock';
import { IdentityModule } from './identity/identity.module';
import { PROCEDURE_REGISTRY } from './procedures/procedure-registry.token';
import { ProceduresController } from './procedures/procedures.controller';
import { WebModule } from './web/web.module';
import { CaseSealing } from './cases/case-sealing';
import { SealedActors } from './sealed/sealed-actors';
import { SealedBox } from './sealed/sealed-box';
import { loadKeyRing } from './sealed/sealed-keys';
import { SealedStorage } from './sealed/sealed-storage.service';
import { TrailPresenter } from './sealed/trail-presenter';
import { ProtectedRefusals } from './sealed/protected-refusals';
import { TRANSPARENCY_CONTROLLERS, TRANSPARENCY_PROVIDERS } from './trail/transparency-providers';

export interface AppOptions {
  config: AppConfig;
  registry: ProcedureRegistry;
  /** Tests pass a clock they can move; the service runs on the system clock. */
  clock?: Clock;
  /** Where the service logs; tests pass one that keeps every line (the secrecy scan reads them all). */
  logger?: LoggerService;
}

@Global()
@Module({})
class CoreModule {
  static with(options: AppOptions): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: PROCEDURE_REGISTRY, useValue: options.registry },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        // Both files are read once at start-up; a bad file stops the service with its error. Calendar
        // years loaded into the database go over the package and the file (LiveCalendar).
        { provide: CALENDAR_BASE_YEARS, useValue: loadBaseYears(options.config.calendarFile) },
        { provide: DEADLINE_RULES, useValue: loadDeadlineRules(options.config.deadlineRulesFile, options.registry) },
        // The keys of sealed identities, read (or, outside production, generated) once at start-up.
        { provide: SealedBox, useValue: new SealedBox(loadKeyRing(options.config.sealed)) },
      ],
      exports: [APP_CONFIG, PROCEDURE_REGISTRY, Clock, CALENDAR_BASE_YEARS, DEADLINE_RULES, SealedBox],
    };
  }
}

@Module({})
export class AppModule {
  static with(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.with(options),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(options.config),
          dataSourceFactory: (dataSourceOptions) => openDataSource(dataSourceOptions!),
        }),
        ThrottlerModule.forRoot(rateLimits(options.config)),
        IdentityModule,
        WebModule,
      ],
      controllers: [CasesController, AuditController, ProceduresController, NotificationsController, AdminController, CalendarAdminController, RevealsController, HealthController, ...TRANSPARENCY_CONTROLLERS],
      providers: [
        TransactionRunner,
        AuditTrailService,
        AuditReadPolicy,
        AuditSearchService,
        AuditReads,
        SecurityLog,
        UnitsService,
        UserAdminService,
        AdminApprovalsService,
        InitialAdministrators,
        RevealsService,
        CaseAccessPolicy,
        SealedActors,
        TrailPresenter,
        ProtectedRefusals,
        SealedStorage,
        CaseSealing,
        CaseEngine,
        CaseRowIntegrity,
        CasesService,
        LiveCalendar,
        DeadlineStore,
        DeadlineRecompute,
        CalendarAdminService,
        DeadlineScheduler,
        NotificationsService,
        DemoDataService,
        ReadinessService,
        ShutdownState,
        ...TRANSPARENCY_PROVIDERS,
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
      ],
    };
  }
}
