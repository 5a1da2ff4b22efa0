import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Label, ProcedureRegistry } from '../../workflows/core';
import { CaseAccessPolicy } from '../cases/case-access.policy';
import { CaseEntity } from '../cases/case.entity';
import { condition, DomainError } from '../common/domain-error';
import { DeadlineEntity } from '../deadlines/deadline.entity';
import { provisionalOf } from '../deadlines/provisional';
import type { AuthUser } from '../identity/auth-user';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { SupervisionLetterEntity, type LetterAddresseeTitle, type LetterKind } from './supervision-letter.entity';

const l = (zh: string, en: string): Label => ({ zh, en });

export const LETTER_LABELS: Record<LetterKind, Label> = {
  reminderLetter: l('提示函', 'Reminder letter'),
  supervisionLetter: l('督办函', 'Supervision letter'),
};

export const ADDRESSEE_LABELS: Record<LetterAddresseeTitle, Label> = {
  responsibleLeader: l('分管领导', 'Responsible leader'),
  principalLeader: l('主要负责人', 'Principal leader'),
};

/** Until the directory tells the principal leader from the deputies (domain.md §7), a letter goes to the role. */
const ADDRESSED_TO_ROLE = l(
  '人员名录尚未区分主要负责人和分管领导，暂送本辖区“领导”角色',
  'The directory does not yet tell the principal leader from the deputies: addressed to the leader role of the jurisdiction',
);

/**
 * A case's warnings and supervision letters, for staff and auditors (`GET /api/cases/:id/warnings`):
 * every deadline of the case that carried a colour, current or withdrawn, and every 提示函 and 督办函
 * recorded, with its date and addressee. The parties never see them.
 */
@Injectable()
export class WarningsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly access: CaseAccessPolicy,
  ) {}

  async forCase(user: AuthUser, caseId: string) {
    const row = await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId });
    const level = row ? this.access.viewLevel(user, row) : undefined;
    if (!row || !level) throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
    if (level !== 'full') {
      throw new DomainError('AUTH.FORBIDDEN', 'Warnings and supervision letters are for inspection staff and auditors', {
        conditions: [
          condition(
            'warning.staffOnly',
            '超期预警和督办函仅供纪检监察工作人员和审计人员查阅',
            'Warnings and supervision letters are for inspection staff and auditors only',
          ),
        ],
      });
    }
    const definition = this.registry.find(row.procedure, row.procedureVersion);
    const deadlines = await this.dataSource
      .getRepository(DeadlineEntity)
      .createQueryBuilder('d')
      .where('d.caseId = :caseId AND d.warning IS NOT NULL', { caseId })
      .orderBy('d.createdAt', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
    const letters = await this.dataSource.getRepository(SupervisionLetterEntity).find({ where: { caseId }, order: { issuedAt: 'ASC', id: 'ASC' } });
    return {
      deadlines: deadlines.map((deadline) => ({
        rule: deadline.rule,
        label: definition?.states[deadline.state]?.deadline?.label ?? l(deadline.rule, deadline.rule),
        state: deadline.state,
        dueAt: deadline.dueAt,
        status: deadline.status,
        colour: deadline.warning,
        since: deadline.warningSince,
        withdrawnAt: deadline.warningWithdrawnAt,
        ...provisionalOf(deadline.provisionalYears),
      })),
      letters: letters.map((letter) => ({
        id: letter.id,
        kind: letter.kind,
        kindLabel: LETTER_LABELS[letter.kind],
        colour: letter.colour,
        rule: letter.rule,
        label: definition?.states[letter.state]?.deadline?.label ?? l(letter.rule, letter.rule),
        state: letter.state,
        dueAt: letter.dueAt,
        ...provisionalOf(letter.provisionalYears),
        issuedAt: letter.issuedAt,
        issuedOn: letter.issuedOn,
        addressee: {
          role: letter.addresseeRole,
          jurisdiction: letter.addresseeJurisdiction,
          title: letter.addresseeTitle,
          titleLabel: ADDRESSEE_LABELS[letter.addresseeTitle],
          note: ADDRESSED_TO_ROLE,
        },
        withdrawnAt: letter.withdrawnAt,
      })),
    };
  }
}
