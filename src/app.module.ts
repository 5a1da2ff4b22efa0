import { DynamicModule, Global, Module, type LoggerService } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { ProcedureRegistry } from '../workflows/core';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { BacklogImportModule } from './backlog-import/backlog-import.module';
import { DirectoryImportModule } from './directory-import/directory-import.module';
import { CasesModule } from './cases/cases.module';
import { Clock, SystemClock } from './common/clock';
import { TrainingClock } from './common/training-clock';
import { DomainErrorFilter } from './common/domain-error.filter';
import { rateLimits } from './common/rate-limits';
import { RefusalRecorder } from './common/refusal-recorder';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { openDataSource } from './database/open-data-source';
import { loadBaseYears } from './deadlines/calendar-loader';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { DocumentsModule } from './documents/documents.module';
import { loadDeadlineRules } from './deadlines/deadline-rules';
import { CALENDAR_BASE_YEARS, DEADLINE_RULES } from './deadlines/deadline-tokens';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { OrgModule } from './org/org.module';
import { PROCEDURE_REGISTRY } from './procedures/procedure-registry.token';
import { ProceduresModule } from './procedure-tables/procedures.module';
import { RevealsModule } from './reveals/reveals.module';
import { SupervisionModule } from './supervision/supervision.module';
import { CaseFilesModule } from './case-files/case-files.module';
import { SchedulingModule } from './scheduling/scheduling.module';
import { ProtectedRefusals } from './sealed/protected-refusals';
import { SealedBox } from './sealed/sealed-box';
import { SealedModule } from './sealed/sealed.module';
import { StatisticsModule } from './statistics/statistics.module';
import { ResultsModule } from './results/results.module';
import { loadKeyRing } from './sealed/sealed-keys';
import { RefusalSealing, RequestRefusals } from './trail/request-refusals';
import { TrailModule } from './trail/trail.module';
import { WebModule } from './web/web.module';

export interface AppOptions {
  config: AppConfig;
  registry: ProcedureRegistry;
  /** Tests pass a clock they can move; the service runs on the system clock. */
  clock?: Clock;
  /** Where the service logs; tests pass one that keeps every line (the secrecy scan reads them all). */
  logger?: LoggerService;
}

/** What is read once at start-up and shared by every module: configuration, procedures, clock, calendar, rules, keys. */
@Global()
@Module({})
class CoreModule {
  static with(options: AppOptions): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: PROCEDURE_REGISTRY, useValue: options.registry },
        // A training instance runs on its moved clock (CLOCK_OFFSET / CLOCK_START, never in production).
        { provide: Clock, useValue: options.clock ?? (options.config.training ? new TrainingClock(options.config.training) : new SystemClock()) },
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

/**
 * The composition root: one module per domain folder, each declaring what it exports, in the
 * order of docs/architecture.md ("Modules"); `.dependency-cruiser.js` keeps their imports that way.
 * Each module registers its own entities (`TypeOrmModule.forFeature`), which the data source loads.
 */
@Module({})
export class AppModule {
  static with(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.with(options),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(options.config), autoLoadEntities: true }),
          dataSourceFactory: (dataSourceOptions) => openDataSource(dataSourceOptions!),
        }),
        ThrottlerModule.forRoot(rateLimits(options.config)),
        ProceduresModule,
        TrailModule,
        SealedModule,
        IdentityModule,
        OrgModule,
        DeadlinesModule,
        DocumentsModule,
        CasesModule,
        SchedulingModule,
        AuditModule,
        StatisticsModule,
        ResultsModule,
        RevealsModule,
        SupervisionModule,
        CaseFilesModule,
        AdminModule,
        DirectoryImportModule,
        BacklogImportModule,
        WebModule,
        HealthModule,
        DemoModule,
      ],
      providers: [
        // The error filter hands refusals to the trail, which seals a protected person's through src/sealed.
        { provide: RefusalSealing, useExisting: ProtectedRefusals },
        { provide: RefusalRecorder, useClass: RequestRefusals },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
      ],
    };
  }
}
