import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import type { UnitEntity } from '../org/unit.entity';
import { UnitsService, type NewUnit } from '../org/units.service';
import { ADMIN_STREAM, TrailWriter } from '../trail/trail-writer';

/** The system administrator adds units (src/org); each one is on the `admin` chain, in the same transaction. */
@Injectable()
export class UnitAdminService {
  constructor(
    private readonly units: UnitsService,
    private readonly transactions: TransactionRunner,
    private readonly writer: TrailWriter,
    private readonly clock: Clock,
  ) {}

  create(admin: AuthUser, unit: NewUnit): Promise<UnitEntity> {
    return this.transactions.run(async (manager) => {
      const created = await this.units.createUnique(unit, this.clock.now().toISOString(), manager);
      await this.writer.record(manager, ADMIN_STREAM, {
        event: 'UNIT_CREATED',
        actorId: admin.id,
        actorRole: 'sysAdmin',
        outcome: 'applied',
        data: { ...unit },
      });
      return created;
    });
  }
}
