import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AttachmentsModule } from '../attachments/attachments.module';
import { DatabaseModule } from '../database/database.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { DocumentsModule } from '../documents/documents.module';
import { OrgModule } from '../org/org.module';
import { SealedModule } from '../sealed/sealed.module';
import { TrailModule } from '../trail/trail.module';
import { RegistersModule } from '../registers/registers.module';
import { RulesModule } from '../rules/rules.module';
import { CaseAccessPolicy } from './case-access.policy';
import { CaseCatalogueController } from './case-catalogue.controller';
import { CaseCatalogue } from './case-catalogue.service';
import { CaseChain } from './case-chain';
import { CaseEngine } from './case-engine.service';
import { CaseNumbers } from './case-numbers';
import { CaseEntity } from './case.entity';
import { CaseReads } from './case-reads';
import { CaseRenderer } from './case-renderer';
import { CaseRowIntegrity } from './case-row-integrity';
import { CaseSealing } from './case-sealing';
import { CaseViews } from './case-views';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { CaseCommandHandler } from './command-handler';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { IdempotencyStore } from './idempotency-store';
import { WarningQueries } from './warning-queries';
import { PartyReceipts, PartyReceiptsController } from './party-receipts';
import { CaseDocuments, CaseDocumentsController } from './case-documents';

/**
 * The cases and their one path of change. Exported for the modules above: the engine (the
 * scheduler's expiries, the demo), the access policy (notifications, reveals), the case chain
 * (reveal steps and recomputed due dates on a case's own chain) and the sealing of a case.
 */
@Module({
  imports: [
    DatabaseModule,
    AttachmentsModule,
    TrailModule,
    SealedModule,
    OrgModule,
    DeadlinesModule,
    RulesModule,
    RegistersModule,
    DocumentsModule,
    TypeOrmModule.forFeature([CaseEntity, IdempotencyKeyEntity]),
  ],
  controllers: [CasesController, CaseCatalogueController, PartyReceiptsController, CaseDocumentsController],
  providers: [
    CaseEngine,
    CaseCommandHandler,
    CaseChain,
    IdempotencyStore,
    CaseAccessPolicy,
    CaseRowIntegrity,
    CaseSealing,
    CaseViews,
    { provide: CaseRenderer, useExisting: CaseViews },
    CaseReads,
    CasesService,
    WarningQueries,
    CaseCatalogue,
    PartyReceipts,
    CaseNumbers,
    CaseDocuments,
  ],
  exports: [CaseEngine, CaseAccessPolicy, CaseChain, CaseSealing, CasesService, CaseCommandHandler, IdempotencyStore],
})
export class CasesModule {}
