import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { TrailModule } from '../trail/trail.module';
import { BlacklistRegister } from './blacklist.service';
import { FilingRegister } from './filing-register.service';
import { RegisterEffects } from './register-effects';
import { RegistersController } from './registers.controller';
import { RegistersService } from './registers.service';

/**
 * The registers a decision writes into (防错备案 filings, the credit blacklist), in the engine's
 * transaction (RegisterEffects), and their reads, each on the record.
 */
@Module({
  imports: [DatabaseModule, TrailModule],
  controllers: [RegistersController],
  providers: [FilingRegister, BlacklistRegister, RegisterEffects, RegistersService],
  exports: [FilingRegister, BlacklistRegister, RegisterEffects],
})
export class RegistersModule {}
