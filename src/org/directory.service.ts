import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { condition, DomainError } from '../common/domain-error';
import { UserEntity } from '../identity/user.entity';
import { BodyEntity } from './body.entity';
import { CadreEntity } from './cadre.entity';
import { UnitEntity } from './unit.entity';
import { searchTextOf } from '../common/pinyin-initials';
import { pickerText } from './units.service';

/** A person or unit as views name them: the id the API takes, and the name people read. */
export interface NamedRef {
  id: string;
  name: string;
}

/** Who a cadre id stands for, from the directory or (for a cadre known only by a login) the account. */
export interface KnownCadre extends NamedRef {
  unitId: string | null;
  position: string;
  rank: string;
  userId: string | null;
}

export interface NewCadre {
  id: string;
  name: string;
  position?: string;
  rank?: string;
  unitId: string;
  managingBody?: string;
  userId?: string | null;
  /** Pinyin initials of the name, for the pickers' search (e.g. zm for 张明). */
  initials?: string;
}

export interface NewBody {
  id: string;
  name: string;
  shortName: string;
  kind?: 'commission' | 'stationed';
  parentId?: string | null;
}

/**
 * The directory (issue 18 §1): bodies in a tree, units under their body, cadres under their units.
 * Cases keep ids; views and searches read the names here. A cadre with a login is known by the
 * login's id: until the directory has a row for them, the account (its display name and unit)
 * stands for the cadre, so applicants can apply as themselves on a directory not yet filled in.
 */
@Injectable()
export class DirectoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async cadre(id: string, manager: EntityManager = this.dataSource.manager): Promise<KnownCadre | undefined> {
    const row = await manager.getRepository(CadreEntity).findOneBy({ id });
    if (row) return { id: row.id, name: row.name, unitId: row.unitId, position: row.position, rank: row.rank, userId: row.userId };
    const account = await manager.getRepository(UserEntity).findOneBy({ id });
    if (!account) return undefined;
    return { id: account.id, name: account.displayName, unitId: account.unitId, position: '', rank: '', userId: account.id };
  }

  /** The cadre a case names, or 400 with the condition in both languages. */
  async knownCadre(id: string, manager: EntityManager): Promise<KnownCadre> {
    const found = await this.cadre(id, manager);
    if (found) return found;
    throw new DomainError('CASE.INVALID_PAYLOAD', `Invalid payload: cadreId ${id.slice(0, 64)} is not in the directory`, {
      fields: [{ field: 'cadreId', messages: [`cadreId names no cadre in the directory: ${id.slice(0, 64)}`] }],
      conditions: [
        condition(
          'directory.unknownCadre',
          '所填“当事干部”不在干部名录中：请先由系统管理员在名录中登记该干部，或从名录中选择',
          'The cadre named is not in the directory: the system administrator registers the cadre first, or pick one from the directory',
          'cadreId',
        ),
      ],
    });
  }

  /** Names of many cadres and units at once (a queue page): ids not found keep their id as name. */
  async names(
    manager: EntityManager,
    cadreIds: string[],
    unitIds: string[],
    bodyIds: string[] = [],
  ): Promise<{ cadres: Map<string, string>; units: Map<string, string>; bodies: Map<string, string> }> {
    const cadres = new Map<string, string>();
    const units = new Map<string, string>();
    const bodies = new Map<string, string>();
    const wantedBodies = [...new Set(bodyIds)];
    if (wantedBodies.length > 0) {
      for (const row of await manager.getRepository(BodyEntity).find({ select: { id: true, name: true }, where: { id: In(wantedBodies) } })) {
        bodies.set(row.id, row.name);
      }
    }
    const wantedCadres = [...new Set(cadreIds)];
    const wantedUnits = [...new Set(unitIds)];
    if (wantedCadres.length > 0) {
      for (const row of await manager.getRepository(CadreEntity).find({ select: { id: true, name: true }, where: { id: In(wantedCadres) } })) {
        cadres.set(row.id, row.name);
      }
      const rest = wantedCadres.filter((id) => !cadres.has(id));
      if (rest.length > 0) {
        for (const row of await manager.getRepository(UserEntity).find({ select: { id: true, displayName: true }, where: { id: In(rest) } })) {
          cadres.set(row.id, row.displayName);
        }
      }
    }
    if (wantedUnits.length > 0) {
      for (const row of await manager.getRepository(UnitEntity).find({ select: { id: true, name: true }, where: { id: In(wantedUnits) } })) {
        units.set(row.id, row.name);
      }
    }
    return { cadres, units, bodies };
  }

  body(id: string, manager: EntityManager = this.dataSource.manager): Promise<BodyEntity | null> {
    return manager.getRepository(BodyEntity).findOneBy({ id });
  }

  /** Bodies whose name, pinyin initials or code contain the text (the pickers), at most `limit`. */
  searchBodies(text: string, limit = 20): Promise<BodyEntity[]> {
    const query = this.dataSource.getRepository(BodyEntity).createQueryBuilder('b');
    const q = pickerText(text);
    if (q) query.andWhere('(b.searchText LIKE :q OR LOWER(b.name) LIKE :q OR LOWER(b.id) LIKE :q)', { q: `%${q}%` });
    return query.orderBy('b.name', 'ASC').addOrderBy('b.id', 'ASC').take(limit).getMany();
  }

  /** The bodies with these ids (a record's citations named), in id order; unknown ids are left out. */
  bodiesByIds(ids: string[]): Promise<BodyEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(BodyEntity).find({ where: { id: In([...new Set(ids)]) }, order: { id: 'ASC' } });
  }

  bodies(): Promise<BodyEntity[]> {
    return this.dataSource.getRepository(BodyEntity).find({ order: { id: 'ASC' } });
  }

  /** The cadres with these ids among those units (a picker filled in with ids), in id order; others are left out. */
  cadresByIds(ids: string[], unitIds?: string[]): Promise<CadreEntity[]> {
    if (ids.length === 0 || unitIds?.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(CadreEntity)
      .find({ where: { id: In([...new Set(ids)]), ...(unitIds ? { unitId: In(unitIds) } : {}) }, order: { id: 'ASC' } });
  }

  /** Cadres whose name, pinyin initials or id contain the text (the pickers), at most `limit`. */
  searchCadres(text: string, limit = 20, unitIds?: string[]): Promise<CadreEntity[]> {
    const query = this.dataSource.getRepository(CadreEntity).createQueryBuilder('k');
    const q = text
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, '');
    if (q) query.andWhere('(k.searchText LIKE :q OR LOWER(k.id) LIKE :q)', { q: `%${q}%` });
    if (unitIds) query.andWhere(unitIds.length > 0 ? 'k.unitId IN (:...unitIds)' : '1 = 0', { unitIds });
    return query.orderBy('k.name', 'ASC').addOrderBy('k.id', 'ASC').take(limit).getMany();
  }

  async createBody(body: NewBody, at: string, manager: EntityManager = this.dataSource.manager): Promise<BodyEntity> {
    const entity: BodyEntity = {
      id: body.id,
      name: body.name,
      shortName: body.shortName,
      kind: body.kind ?? 'commission',
      parentId: body.parentId ?? null,
      searchText: searchTextOf(body.name),
      createdAt: at,
    };
    await manager.getRepository(BodyEntity).insert(entity);
    return entity;
  }

  async createCadre(cadre: NewCadre, at: string, manager: EntityManager = this.dataSource.manager): Promise<CadreEntity> {
    const unit = await manager.getRepository(UnitEntity).findOneBy({ id: cadre.unitId });
    const entity: CadreEntity = {
      id: cadre.id,
      name: cadre.name,
      position: cadre.position ?? '',
      rank: cadre.rank ?? '',
      unitId: cadre.unitId,
      managingBody: cadre.managingBody ?? unit?.jurisdiction ?? '',
      userId: cadre.userId ?? null,
      searchText: cadreSearchText(cadre.name, cadre.initials),
      createdAt: at,
    };
    await manager.getRepository(CadreEntity).insert(entity);
    return entity;
  }
}

/** What the pickers search for a cadre: the name as typed, its pinyin initials (computed, and any given), lower-cased. */
export function cadreSearchText(name: string, initials?: string): string {
  return searchTextOf(name, { initials, personal: true });
}
