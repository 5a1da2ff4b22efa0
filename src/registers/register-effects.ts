import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RegisterParams } from '../../workflows/core';
import type { RegisterCase } from './register-case';
import { BlacklistRegister } from './blacklist.service';
import { FilingRegister } from './filing-register.service';

/**
 * Carries out a machine's `register` effect in the transaction of its step: the register it names
 * gains or loses entries. The trail entry of the step records which register and how many entries
 * (never the person an entry names).
 */
@Injectable()
export class RegisterEffects {
  constructor(
    private readonly blacklist: BlacklistRegister,
    private readonly filings: FilingRegister,
  ) {}

  async apply(
    manager: EntityManager,
    row: RegisterCase,
    params: RegisterParams,
    sealed: Record<string, unknown>,
    actorId: string,
  ): Promise<Record<string, string | number>> {
    let entries = 0;
    if (params.register === 'creditBlacklist') {
      entries = params.op === 'add' ? await this.blacklist.add(manager, row, params, sealed) : await this.blacklist.withdraw(manager, row.id);
    } else if (params.register === 'riskFilings' && params.op === 'add') {
      entries = await this.filings.add(manager, row, params, actorId);
    } else {
      throw new Error(`register effect ${params.register}/${params.op} is not known`);
    }
    return { register: params.register, op: params.op, entries };
  }
}
