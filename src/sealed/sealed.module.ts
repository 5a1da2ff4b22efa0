import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { ProtectedRefusals } from './protected-refusals';
import { SealedActors } from './sealed-actors';
import { SealedStorage } from './sealed-storage.service';
import { TrailPresenter } from './trail-presenter';

/** Sealed identities at rest (the key ring, SealedBox, is read at the application's root at start-up). */
@Module({
  imports: [DatabaseModule],
  providers: [SealedActors, TrailPresenter, ProtectedRefusals, SealedStorage],
  exports: [SealedActors, TrailPresenter, ProtectedRefusals],
})
export class SealedModule {}
