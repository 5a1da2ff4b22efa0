import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { IdentityModule } from '../identity/identity.module';
import { TrailModule } from '../trail/trail.module';
import { DirectoryImportController } from './directory-import.controller';
import { DirectoryImportService } from './directory-import.service';

/** The import of bodies, units, cadres and staff accounts from a spreadsheet (issue 18 §4). */
@Module({
  imports: [DatabaseModule, TrailModule, IdentityModule],
  controllers: [DirectoryImportController],
  providers: [DirectoryImportService],
})
export class DirectoryImportModule {}
