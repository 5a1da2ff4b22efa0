import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BodyEntity } from './body.entity';
import { CadreEntity } from './cadre.entity';
import { DirectoryController } from './directory.controller';
import { DirectoryService } from './directory.service';
import { UnitEntity } from './unit.entity';
import { UnitsService } from './units.service';

/** The directory: bodies, the units under them and their cadres, below the cases that name them. */
@Module({
  imports: [TypeOrmModule.forFeature([UnitEntity, BodyEntity, CadreEntity])],
  controllers: [DirectoryController],
  providers: [UnitsService, DirectoryService],
  exports: [UnitsService, DirectoryService],
})
export class OrgModule {}
