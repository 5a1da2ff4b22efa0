import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { UnitEntity } from './unit.entity';

export interface NewUnit {
  id: string;
  name: string;
  jurisdiction: string;
}

/** The units cases may name, and the jurisdiction each belongs to (kept by the system administrator). */
@Injectable()
export class UnitsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(unit: NewUnit, at: string, manager: EntityManager = this.dataSource.manager): Promise<UnitEntity> {
    const entity: UnitEntity = { ...unit, createdAt: at };
    await manager.getRepository(UnitEntity).insert(entity);
    return entity;
  }

  async createUnique(unit: NewUnit, at: string, manager: EntityManager = this.dataSource.manager): Promise<UnitEntity> {
    if (await this.find(unit.id, manager)) throw new DomainError('ADMIN.CONFLICT', `Unit ${unit.id} exists`);
    return this.create(unit, at, manager);
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<UnitEntity | null> {
    return manager.getRepository(UnitEntity).findOneBy({ id });
  }

  list(): Promise<UnitEntity[]> {
    return this.dataSource.getRepository(UnitEntity).find({ order: { id: 'ASC' } });
  }
}
