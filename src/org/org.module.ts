import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UnitEntity } from './unit.entity';
import { UnitsService } from './units.service';

/** Units and the jurisdictions they belong to, below the cases that name them. */
@Module({
  imports: [TypeOrmModule.forFeature([UnitEntity])],
  providers: [UnitsService],
  exports: [UnitsService],
})
export class OrgModule {}
