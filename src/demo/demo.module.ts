import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { IdentityModule } from '../identity/identity.module';
import { OrgModule } from '../org/org.module';
import { RulesModule } from '../rules/rules.module';
import { DemoDataService } from './demo-data.service';

@Module({
  imports: [CasesModule, IdentityModule, OrgModule, RulesModule],
  providers: [DemoDataService],
  exports: [DemoDataService],
})
export class DemoModule {}
