import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseModule } from '../database/database.module';
import { IdentityModule } from '../identity/identity.module';
import { OrgModule } from '../org/org.module';
import { TrailModule } from '../trail/trail.module';
import { AdminApprovalEntity } from './admin-approval.entity';
import { AdminApprovalsService } from './admin-approvals.service';
import { AdminController } from './admin.controller';
import { DirectoryAdminController } from './directory-admin.controller';
import { DirectoryAdminService } from './directory-admin.service';
import { InitialAdministrators } from './initial-administrators.service';
import { UnitAdminService } from './unit-admin.service';
import { UserAdminService } from './user-admin.service';

/** The administrators' work; every change and its `admin` chain entry in one transaction. */
@Module({
  imports: [DatabaseModule, TrailModule, IdentityModule, OrgModule, TypeOrmModule.forFeature([AdminApprovalEntity])],
  controllers: [AdminController, DirectoryAdminController],
  providers: [UserAdminService, AdminApprovalsService, InitialAdministrators, UnitAdminService, DirectoryAdminService],
  exports: [InitialAdministrators],
})
export class AdminModule {}
