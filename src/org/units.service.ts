import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { searchTextOf } from '../common/pinyin-initials';
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
    const entity: UnitEntity = { ...unit, searchText: searchTextOf(unit.name), createdAt: at };
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

  /** Units whose name, pinyin initials or code contain the text (the pickers), at most `limit`. */
  search(text: string, limit = 20): Promise<UnitEntity[]> {
    const query = this.dataSource.getRepository(UnitEntity).createQueryBuilder('u');
    const q = pickerText(text);
    if (q) query.andWhere('(u.searchText LIKE :q OR LOWER(u.name) LIKE :q OR LOWER(u.id) LIKE :q)', { q: `%${q}%` });
    return query.orderBy('u.name', 'ASC').addOrderBy('u.id', 'ASC').take(limit).getMany();
  }

  /** The units with these ids (a picker filled in with ids), in id order; unknown ids are left out. */
  byIds(ids: string[]): Promise<UnitEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(UnitEntity).find({ where: { id: In([...new Set(ids)]) }, order: { id: 'ASC' } });
  }

  list(): Promise<UnitEntity[]> {
    return this.dataSource.getRepository(UnitEntity).find({ order: { id: 'ASC' } });
  }
}

/** A picker's text as the LIKE takes it: trimmed, lower-cased, LIKE's own characters dropped. */
export function pickerText(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, '');
}
