import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Label, Role } from '../../workflows/core';
import { WHOLE_BODY } from '../cases/case-access.policy';
import { Clock } from '../common/clock';
import { condition, DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import { localDate } from '../deadlines/due-date';
import { DocumentIssuer } from '../documents/document-issuer';
import { IssuedDocumentEntity } from '../documents/issued-document.entity';
import { chineseDate } from '../../workflows/documents';
import type { AuthUser } from '../identity/auth-user';
import { CadreEntity } from '../org/cadre.entity';
import { DirectoryService } from '../org/directory.service';
import { UnitEntity } from '../org/unit.entity';
import { TrailWriter } from '../trail/trail-writer';
import { invalid, ResultsRegister, type RegisterResult, type Standing } from './results-register.service';
import type { AskVettingBody, InquiriesQuery } from './results.query';
import { VETTING_PURPOSES, VettingInquiryEntity } from './vetting-inquiry.entity';

/** The chain the vetting questions and answers are on (no case holds them: a cadre may have none). */
export const RESULTS_STREAM = 'results';

/** Who answers for the body: the case-management officers and the leaders. */
export const REPLY_ROLES: readonly Role[] = ['officer', 'leader'];
/** Who reads the inquiries of a jurisdiction. */
const READ_ROLES: readonly Role[] = ['orgDept', 'officer', 'reviewer', 'committee', 'leader', 'auditor'];

export interface VettingAnswer {
  standing: Standing;
  results: RegisterResult[];
  letter: Label;
}

export interface VettingView {
  id: string;
  cadreId: string;
  cadreName: string;
  jurisdiction: string;
  jurisdictionName: string;
  purpose: string;
  purposeLabel: Label;
  asOf: string;
  note: string | null;
  askedAt: string;
  status: 'open' | 'answered';
  documentNo: string | null;
  answeredAt: string | null;
  answer: VettingAnswer | null;
}

const scopes = (user: AuthUser, roles: readonly Role[]) => user.roles.filter((grant) => roles.includes(grant.role)).map((grant) => grant.scope);
const covers = (granted: string[], jurisdiction: string) => granted.includes(WHOLE_BODY) || granted.includes(jurisdiction);

/**
 * 党风廉政意见回复 (issue 21 §3): the organisation department asks what a body holds on a cadre on
 * a day; an officer or leader of that body answers with the results then in force, under a 文号
 * unique in the body. The question and the answer are each written with their entry on the
 * `results` chain in one transaction; a refused request writes nothing.
 */
@Injectable()
export class VettingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly trail: TrailWriter,
    private readonly register: ResultsRegister,
    private readonly directory: DirectoryService,
    private readonly documents: DocumentIssuer,
    private readonly clock: Clock,
  ) {}

  async ask(user: AuthUser, body: AskVettingBody): Promise<VettingView> {
    const asOf = this.register.checkedDay(body.asOf);
    const cadre = await this.directory.cadre(body.cadreId);
    if (!cadre) {
      throw invalid('results.unknownCadre', '所问干部不在干部名录中', 'The cadre asked about is not in the directory', 'cadreId');
    }
    const managing = await this.managingBody(body.cadreId, cadre.unitId);
    const jurisdiction = body.jurisdiction?.trim() || managing;
    if (!jurisdiction || !(await this.directory.body(jurisdiction))) {
      throw invalid('results.unknownBody', '未能确定所问的纪检监察机关：请指明机关', 'The body asked could not be found: name the body', 'jurisdiction');
    }
    if (!covers(scopes(user, ['orgDept']), jurisdiction)) {
      throw new DomainError('AUTH.FORBIDDEN', `Your organisation department grant does not cover ${jurisdiction}`, {
        conditions: [
          condition('results.outOfScope', '您的组织部门权限不含该机关', 'Your organisation department grant does not cover this body', 'jurisdiction'),
        ],
      });
    }
    const now = this.clock.now().toISOString();
    const row: VettingInquiryEntity = {
      id: randomUUID(),
      cadreId: body.cadreId,
      jurisdiction,
      purpose: body.purpose,
      asOf,
      note: body.note?.trim() || null,
      askedBy: user.id,
      askedAt: now,
      status: 'open',
      documentNo: null,
      answeredBy: null,
      answeredAt: null,
      answer: null,
    };
    await this.transactions.run(async (manager) => {
      await manager.getRepository(VettingInquiryEntity).insert(row);
      await this.record(manager, user, 'orgDept', 'VETTING_INQUIRY', now, {
        inquiryId: row.id,
        cadreId: row.cadreId,
        jurisdiction,
        purpose: row.purpose,
        asOf,
      });
    });
    return this.view(row);
  }

  /**
   * The body answers: the results in force on the day asked (from the trail as it stood then), as a
   * 党风廉政意见回复函 issued in the same transaction, its 文号 the next of the body's series (a
   * rolled-back reply gives its number back; the database keeps 文号 unique), its digest and
   * verification code on the VETTING_REPLY entry.
   */
  async reply(user: AuthUser, id: string): Promise<VettingView> {
    return this.transactions.run(async (manager) => {
      const row = await this.visible(manager, user, id);
      if (!covers(scopes(user, REPLY_ROLES), row.jurisdiction)) {
        throw new DomainError('AUTH.FORBIDDEN', 'Replies are given by an officer or leader of the body asked', {
          conditions: [
            condition('results.replyRole', '回复须由被征求意见机关的案件管理人员或领导作出', 'An officer or leader of the body asked gives the reply'),
          ],
        });
      }
      if (row.status === 'answered') {
        throw new DomainError('RESULTS.ANSWERED', `Inquiry ${id} was answered under ${row.documentNo}`, {
          conditions: [condition('results.answered', `该征求意见已于${row.documentNo}回复`, `This inquiry was already answered under ${row.documentNo}`)],
        });
      }
      const now = this.clock.now().toISOString();
      const role = user.roles.find((grant) => REPLY_ROLES.includes(grant.role))!.role;
      const held = await this.register.inJurisdiction(manager, row.cadreId, row.jurisdiction, row.asOf);
      const cadre = await this.directory.cadre(row.cadreId, manager);
      const document = await this.documents.issue(
        manager,
        { id: row.id, procedure: RESULTS_STREAM, jurisdiction: row.jurisdiction, caseNo: null, cadreId: row.cadreId, unitId: cadre?.unitId ?? '' },
        'VETTING_REPLY',
        'vettingReply',
        replyValues(row, held, cadre?.position ?? ''),
        role,
        now,
      );
      const documentNo = document.docNo;
      const answer: VettingAnswer = { ...held, letter: await this.letter(manager, row, held, documentNo, localDate(now)) };
      const updated = await manager
        .getRepository(VettingInquiryEntity)
        .update({ id: row.id, status: 'open' }, { status: 'answered', documentNo, answeredBy: user.id, answeredAt: now, answer: JSON.stringify(answer) });
      if (updated.affected !== 1) {
        throw new DomainError('RESULTS.ANSWERED', `Inquiry ${id} was answered meanwhile`, {
          conditions: [condition('results.answered', '该征求意见已被回复', 'This inquiry was already answered')],
        });
      }
      await this.record(manager, user, role, 'VETTING_REPLY', now, {
        inquiryId: row.id,
        cadreId: row.cadreId,
        jurisdiction: row.jurisdiction,
        asOf: row.asOf,
        documentNo,
        standing: held.standing.use,
        ...(held.standing.until ? { until: held.standing.until } : {}),
        results: held.results.map((result) => ({
          caseId: result.caseId,
          caseNo: result.caseNo,
          effect: result.effect,
          ...(result.impactUntil ? { impactUntil: result.impactUntil } : {}),
        })),
        documents: [document],
      });
      return this.view({ ...row, status: 'answered', documentNo, answeredBy: user.id, answeredAt: now, answer: JSON.stringify(answer) }, manager);
    });
  }

  /** The reply as issued (the stored PDF), for whoever may read the inquiry. */
  async pdf(user: AuthUser, id: string): Promise<{ bytes: Buffer; docNo: string }> {
    const row = await this.visible(this.dataSource.manager, user, id);
    const stored =
      row.status === 'answered' ? await this.dataSource.getRepository(IssuedDocumentEntity).findOneBy({ caseId: row.id, kind: 'vettingReply' }) : null;
    if (!stored) {
      throw new DomainError('RESULTS.NOT_FOUND', `Inquiry ${id} has no reply yet`, {
        conditions: [condition('results.noReply', '该征求意见尚未回复，没有回复函', 'This inquiry has not been answered: there is no reply letter yet')],
      });
    }
    return { bytes: Buffer.from(stored.pdf, 'base64'), docNo: stored.docNo };
  }

  async list(user: AuthUser, query: InquiriesQuery): Promise<VettingView[]> {
    const granted = scopes(user, READ_ROLES);
    const builder = this.dataSource.getRepository(VettingInquiryEntity).createQueryBuilder('v');
    if (!granted.includes(WHOLE_BODY)) builder.where(granted.length > 0 ? 'v.jurisdiction IN (:...granted)' : '1 = 0', { granted });
    if (query.status) builder.andWhere('v.status = :status', { status: query.status });
    if (query.cadreId) builder.andWhere('v.cadreId = :cadreId', { cadreId: query.cadreId });
    const rows = await builder.orderBy('v.askedAt', 'DESC').addOrderBy('v.id', 'ASC').take(200).getMany();
    return Promise.all(rows.map((row) => this.view(row)));
  }

  async one(user: AuthUser, id: string): Promise<VettingView> {
    return this.view(await this.visible(this.dataSource.manager, user, id));
  }

  /** The inquiry if the caller's grants cover its body; 404 otherwise, as for a missing one. */
  private async visible(manager: EntityManager, user: AuthUser, id: string): Promise<VettingInquiryEntity> {
    const row = await manager.getRepository(VettingInquiryEntity).findOneBy({ id });
    if (!row || !covers(scopes(user, READ_ROLES), row.jurisdiction)) {
      throw new DomainError('RESULTS.NOT_FOUND', `No inquiry ${id.slice(0, 36)}`, {
        conditions: [condition('results.noInquiry', '没有该征求意见，或不在您的权限范围内', 'No such inquiry within your grants')],
      });
    }
    return row;
  }

  /** The body that manages the cadre (干部管理权限), or the jurisdiction of a login's unit. */
  private async managingBody(cadreId: string, unitId: string | null): Promise<string | null> {
    const row = await this.dataSource.getRepository(CadreEntity).findOneBy({ id: cadreId });
    if (row?.managingBody) return row.managingBody;
    const unit = unitId ? await this.dataSource.getRepository(UnitEntity).findOneBy({ id: unitId }) : null;
    return unit?.jurisdiction ?? null;
  }

  private async record(manager: EntityManager, user: AuthUser, role: string, event: string, at: string, data: Record<string, unknown>): Promise<void> {
    await this.trail.append(manager, {
      streamId: RESULTS_STREAM,
      caseId: null,
      procedure: null,
      procedureVersion: null,
      fromState: null,
      toState: null,
      event,
      outcome: 'applied',
      actorId: user.id,
      actorRole: role,
      at,
      data,
    });
  }

  /** The reply as a letter, in both languages (the zh text is the one sent). */
  private async letter(
    manager: EntityManager,
    row: VettingInquiryEntity,
    held: { standing: Standing; results: RegisterResult[] },
    documentNo: string,
    today: string,
  ): Promise<Label> {
    const cadre = await this.directory.cadre(row.cadreId, manager);
    const unitName = cadre?.unitId ? ((await this.directory.names(manager, [], [cadre.unitId])).units.get(cadre.unitId) ?? '') : '';
    const bodyName = (await this.directory.body(row.jurisdiction, manager))?.name ?? row.jurisdiction;
    const name = cadre?.name ?? row.cadreId;
    const purpose = VETTING_PURPOSES[row.purpose];
    const zhLines = held.results.map((result, index) => {
      const until = result.impactUntil && result.use === 'impactPeriod' ? `，影响期至${result.impactUntil}（自该日起可正常使用）` : '';
      return `${index + 1}. ${result.procedureLabel.zh}${result.caseNo ? `（${result.caseNo}）` : ''}：${result.effectLabel.zh}${until}。`;
    });
    const enLines = held.results.map((result, index) => {
      const until = result.impactUntil && result.use === 'impactPeriod' ? `, impact period until ${result.impactUntil} (usable normally from that day)` : '';
      return `${index + 1}. ${result.procedureLabel.en}${result.caseNo ? ` (${result.caseNo})` : ''}: ${result.effectLabel.en}${until}.`;
    });
    const standingZh = held.standing.use === 'impactPeriod' ? `处于影响期内，至${held.standing.until}起可正常使用` : held.standing.label.zh;
    const standingEn =
      held.standing.use === 'impactPeriod' ? `within an impact period; usable normally from ${held.standing.until}` : held.standing.label.en.toLowerCase();
    const zh = [
      `关于${name}同志党风廉政情况的回复意见`,
      documentNo,
      `组织部门：`,
      `你部征求${unitName}${cadre?.position ?? ''}${name}同志党风廉政意见（用于${purpose.zh}）。经查，截至${row.asOf}，本机关掌握的该同志容错纠错、澄清正名、诬告陷害查处结果如下：`,
      ...(zhLines.length > 0 ? zhLines : ['本机关未掌握该同志上述方面的结果。']),
      `综上，该同志${standingZh}。容错免责的，不影响其选拔任用、评优评先和年度考核；经澄清正名的，应正常使用。`,
      bodyName,
      today,
    ].join('\n');
    const en = [
      `Reply on the integrity record of ${name}`,
      documentNo,
      `To the organisation department:`,
      `You asked for our opinion on ${name}${unitName ? ` (${unitName})` : ''} for ${purpose.en.toLowerCase()}. On ${row.asOf} this body holds the following results:`,
      ...(enLines.length > 0 ? enLines : ['This body holds no such result.']),
      `In sum: ${standingEn}. An exemption does not affect selection, awards or the annual assessment; a clarified cadre is to be treated normally.`,
      bodyName,
      today,
    ].join('\n');
    return { zh, en };
  }

  private async view(row: VettingInquiryEntity, manager: EntityManager = this.dataSource.manager): Promise<VettingView> {
    const cadre = await this.directory.cadre(row.cadreId, manager);
    const body = await this.directory.body(row.jurisdiction, manager);
    return {
      id: row.id,
      cadreId: row.cadreId,
      cadreName: cadre?.name ?? row.cadreId,
      jurisdiction: row.jurisdiction,
      jurisdictionName: body?.name ?? row.jurisdiction,
      purpose: row.purpose,
      purposeLabel: VETTING_PURPOSES[row.purpose] ?? { zh: row.purpose, en: row.purpose },
      asOf: row.asOf,
      note: row.note,
      askedAt: row.askedAt,
      status: row.status,
      documentNo: row.documentNo,
      answeredAt: row.answeredAt,
      answer: row.answer ? (JSON.parse(row.answer) as VettingAnswer) : null,
    };
  }
}

/** What the reply's template is filled with: the day, the use asked, the results one per line, the standing. */
function replyValues(row: VettingInquiryEntity, held: { standing: Standing; results: RegisterResult[] }, position: string): Record<string, string> {
  const lines = held.results.map((result, index) => {
    const until = result.impactUntil && result.use === 'impactPeriod' ? `，影响期至${chineseDate(result.impactUntil)}（自该日起可正常使用）` : '';
    return `${index + 1}．${result.procedureLabel.zh}${result.caseNo ? `（${result.caseNo}）` : ''}：${result.effectLabel.zh}${until}。`;
  });
  return {
    征求用途: VETTING_PURPOSES[row.purpose]?.zh ?? row.purpose,
    截至日期: chineseDate(row.asOf),
    结果情况: lines.length > 0 ? lines.join('\n') : '本机关未掌握该同志上述方面的结果。',
    综合意见: held.standing.use === 'impactPeriod' ? `处于影响期内，自${chineseDate(held.standing.until!)}起可正常使用` : held.standing.label.zh,
    干部职务: position,
  };
}
