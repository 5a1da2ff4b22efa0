import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { RegistersModule } from '../registers/registers.module';
import { TrailModule } from '../trail/trail.module';
import { CataloguesService } from './catalogues.service';
import { CommitteesService } from './committees.service';
import { FactResolver } from './fact-resolver.service';
import { RulesController } from './rules.controller';

/**
 * The rules a jurisdiction configures (catalogues, committees; changes on the admin chain) and the
 * facts the engine looks up from them and from the filing register for a step (FactResolver).
 */
@Module({
  imports: [DatabaseModule, TrailModule, RegistersModule],
  controllers: [RulesController],
  providers: [CataloguesService, CommitteesService, FactResolver],
  exports: [CataloguesService, CommitteesService, FactResolver],
})
export class RulesModule {}
