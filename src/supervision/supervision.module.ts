import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { DatabaseModule } from '../database/database.module';
import { OrgModule } from '../org/org.module';
import { TrailModule } from '../trail/trail.module';
import { SupervisionEntity } from './supervision.entity';
import { SupervisionsController } from './supervisions.controller';
import { SupervisionsService } from './supervisions.service';

/** 上级督办 / 交办 between the levels of the tree of bodies (issue 18 §3). */
@Module({
  imports: [DatabaseModule, TrailModule, CasesModule, OrgModule, TypeOrmModule.forFeature([SupervisionEntity])],
  controllers: [SupervisionsController],
  providers: [SupervisionsService],
})
export class SupervisionModule {}
