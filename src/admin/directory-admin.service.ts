import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { condition, DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { UserEntity } from '../identity/user.entity';
import { BodyEntity } from '../org/body.entity';
import type { CadreEntity } from '../org/cadre.entity';
import { DirectoryService, type NewBody, type NewCadre } from '../org/directory.service';
import { UnitsService } from '../org/units.service';
import { ADMIN_STREAM, TrailWriter } from '../trail/trail-writer';

/**
 * The system administrator keeps the directory (src/org): bodies in their tree and cadres under
 * their units. Each addition and its `admin` chain entry in one transaction; a refused one writes
 * nothing and names the field in both languages.
 */
@Injectable()
export class DirectoryAdminService {
  constructor(
    private readonly directory: DirectoryService,
    private readonly units: UnitsService,
    private readonly transactions: TransactionRunner,
    private readonly writer: TrailWriter,
    private readonly clock: Clock,
  ) {}

  createBody(admin: AuthUser, body: NewBody): Promise<BodyEntity> {
    return this.transactions.run(async (manager) => {
      if (await this.directory.body(body.id, manager)) throw conflict('id', 'directory.bodyExists', '该机关编码已存在', 'A body with this id exists');
      if (await manager.getRepository(BodyEntity).findOneBy({ shortName: body.shortName })) {
        throw conflict(
          'shortName',
          'directory.shortNameTaken',
          '该简称已被其他机关使用：案件编号会因此重复',
          'Another body has this short name: case numbers would collide',
        );
      }
      // A new body hangs under an existing one (or is a root): it cannot close a cycle.
      if (body.parentId && !(await this.directory.body(body.parentId, manager))) {
        throw invalid('parentId', 'directory.unknownParent', '所填“上级机关”不存在', 'The parent body named does not exist');
      }
      const created = await this.directory.createBody(body, this.clock.now().toISOString(), manager);
      await this.writer.record(manager, ADMIN_STREAM, {
        event: 'BODY_CREATED',
        actorId: admin.id,
        actorRole: 'sysAdmin',
        outcome: 'applied',
        data: { ...body },
      });
      return created;
    });
  }

  /**
   * Moves a body under another (or to the top). Its cases, units and staff grants go with it: they
   * name the body by its id, which does not change. A move that would put a body under itself or
   * under one of its own descendants (a cycle) is refused.
   */
  moveBody(admin: AuthUser, id: string, parentId: string | null): Promise<BodyEntity> {
    return this.transactions.run(async (manager) => {
      const body = await this.directory.body(id, manager);
      if (!body)
        throw new DomainError('ADMIN.NOT_FOUND', `No body ${id}`, { conditions: [condition('directory.unknownBody', '该机关不存在', 'No such body')] });
      if (parentId !== null) {
        if (!(await this.directory.body(parentId, manager))) {
          throw invalid('parentId', 'directory.unknownParent', '所填“上级机关”不存在', 'The parent body named does not exist');
        }
        // Walk up from the new parent: meeting the body itself means the move would close a cycle.
        for (let at: string | null = parentId; at !== null; at = (await this.directory.body(at, manager))?.parentId ?? null) {
          if (at === id) {
            throw invalid(
              'parentId',
              'directory.cycle',
              '不能把机关移到其自身或其下级机关之下',
              'A body cannot be moved under itself or under a body below it',
            );
          }
        }
      }
      await manager.getRepository(BodyEntity).update({ id }, { parentId });
      await this.writer.record(manager, ADMIN_STREAM, {
        event: 'BODY_MOVED',
        actorId: admin.id,
        actorRole: 'sysAdmin',
        outcome: 'applied',
        data: { id, from: body.parentId, to: parentId },
      });
      return { ...body, parentId };
    });
  }

  createCadre(admin: AuthUser, cadre: NewCadre): Promise<CadreEntity> {
    return this.transactions.run(async (manager) => {
      if (await this.directory.cadre(cadre.id, manager)) {
        throw conflict('id', 'directory.cadreExists', '该干部编码已存在（或与某个登录账号相同）', 'A cadre (or a login) with this id exists');
      }
      const unit = await this.units.find(cadre.unitId, manager);
      if (!unit) throw invalid('unitId', 'directory.unknownUnit', '所填“所在单位”不存在', 'The unit named does not exist');
      const managingBody = cadre.managingBody ?? unit.jurisdiction;
      if (!(await this.directory.body(managingBody, manager))) {
        throw invalid('managingBody', 'directory.unknownBody', '所填“干部管理机关”不存在', 'The managing body named does not exist');
      }
      await this.assertLogin(manager, cadre);
      const created = await this.directory.createCadre({ ...cadre, managingBody }, this.clock.now().toISOString(), manager);
      await this.writer.record(manager, ADMIN_STREAM, {
        event: 'CADRE_CREATED',
        actorId: admin.id,
        actorRole: 'sysAdmin',
        outcome: 'applied',
        data: { ...cadre },
      });
      return created;
    });
  }

  /**
   * A cadre's login is the account they act through; cases know a cadre by one id, so a cadre with
   * a login is registered under the login's id (directory.service.ts).
   */
  private async assertLogin(manager: EntityManager, cadre: NewCadre): Promise<void> {
    if (!cadre.userId) return;
    if (cadre.userId !== cadre.id) {
      throw invalid('userId', 'directory.loginId', '有登录账号的干部，其干部编码须与登录账号相同', "A cadre with a login is registered under the login's id");
    }
    if (!(await manager.getRepository(UserEntity).findOneBy({ id: cadre.userId }))) {
      throw invalid('userId', 'directory.unknownLogin', '所填登录账号不存在', 'The login named does not exist');
    }
  }
}

function invalid(field: string, code: string, zh: string, en: string): DomainError {
  return new DomainError('ADMIN.INVALID', en, { fields: [{ field, messages: [en] }], conditions: [condition(code, zh, en, field)] });
}

function conflict(field: string, code: string, zh: string, en: string): DomainError {
  return new DomainError('ADMIN.CONFLICT', en, { fields: [{ field, messages: [en] }], conditions: [condition(code, zh, en, field)] });
}
