import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { RegistersModule } from '../registers/registers.module';
import { SealedModule } from '../sealed/sealed.module';
import { TrailModule } from '../trail/trail.module';
import { IdentityRevealEntity } from './identity-reveal.entity';
import { RevealsController } from './reveals.controller';
import { RevealsService } from './reveals.service';

@Module({
  imports: [TrailModule, SealedModule, CasesModule, RegistersModule, TypeOrmModule.forFeature([IdentityRevealEntity])],
  controllers: [RevealsController],
  providers: [RevealsService],
})
export class RevealsModule {}
