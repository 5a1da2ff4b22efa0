import type { FieldSpec, FieldSpecs } from './fields';
import type { Label } from './label';

/**
 * How the pages label what a case recorded. The record is the machine's context as the case view
 * shows it, and a trail entry's data is the event's payload: both are labelled here, key by key,
 * so the same word (`note`, `side`, `plans`) can mean a different thing in a different place.
 */
export interface RecordLabel {
  label: Label;
  /** Labels of the keys inside (for a list of records: of each record's keys). */
  fields?: RecordLabels;
  /** Labels of the values a key takes (enum codes such as `unforbiddenTrial`). */
  values?: Record<string, Label>;
}

export type RecordLabels = Record<string, RecordLabel>;

export interface RecordSpec {
  /** The context's keys, top level first. */
  fields: RecordLabels;
  /** Keys the engine and every procedure write at any depth (who, when, parties, links). */
  common: RecordLabels;
}

/** A labelled key, with the labels of its inner keys or of its values. */
export function entry(zh: string, en: string, inner?: { fields?: RecordLabels; values?: Record<string, Label> }): RecordLabel {
  return { label: { zh, en }, ...(inner?.fields ? { fields: inner.fields } : {}), ...(inner?.values ? { values: inner.values } : {}) };
}

/** A labelled key holding a record (or a list of records) with these keys. */
export const section = (zh: string, en: string, fields: RecordLabels): RecordLabel => entry(zh, en, { fields });

/**
 * The labels of a payload as it lands in the record: each field's own label, its values' labels
 * and its inner fields'. Where a step copies its payload into the record, its labels come from
 * the same specs as its form.
 */
export function labelsOfFields(fields: FieldSpecs): RecordLabels {
  return Object.fromEntries(Object.entries(fields).map(([key, spec]) => [key, labelOfField(spec)]));
}

export function labelOfField(spec: FieldSpec): RecordLabel {
  if (spec.kind === 'object' || spec.kind === 'objectList') return { label: spec.label, fields: labelsOfFields(spec.fields) };
  if (spec.kind === 'enum' || spec.kind === 'enumList') return { label: spec.label, values: spec.valueLabels };
  return { label: spec.label };
}

/** The same field under another label (the record's word for it differs from the form's). */
export const relabel = (spec: FieldSpec, zh: string, en: string): RecordLabel => ({ ...labelOfField(spec), label: { zh, en } });

const l = (zh: string, en: string): Label => ({ zh, en });

/** The procedures by id, as other cases' records and links name them. */
const PROCEDURE_NAMES = {
  tolerance: l('容错申请', 'Tolerance application'),
  correction: l('纠错', 'Correction'),
  clarification: l('澄清正名', 'Clarification'),
  falseAccusation: l('诬告陷害查处', 'False-accusation handling'),
  riskFiling: l('防错备案', 'Risk-prevention filing'),
  appeal: l('申诉案件', 'Appeal case'),
};

/** The warning ladder's colours (超期预警), as the trail names them. */
const WARNING_VALUES = {
  none: l('无预警', 'None'),
  blue: l('蓝色预警', 'Blue'),
  yellow: l('黄色预警', 'Yellow'),
  red: l('红色预警', 'Red'),
};

/** Staff roles a warning notice goes to. */
const STAFF_ROLE_NAMES = {
  officer: l('承办人', 'Case officer'),
  reviewer: l('审理人员', 'Reviewer'),
  committee: l('集体研究', 'Committee'),
  leader: l('领导', 'Leader'),
};

/** A 提示函 or 督办函 as a trail entry names it. */
const LETTER_FIELDS: RecordLabels = {
  id: entry('文书编号', 'Letter id'),
  kind: entry('文书种类', 'Kind', { values: { reminderLetter: l('提示函', 'Reminder letter'), supervisionLetter: l('督办函', 'Supervision letter') } }),
  issuedOn: entry('发函日期', 'Dated'),
  addressee: section('收件人', 'Addressee', {
    role: entry('角色', 'Role'),
    jurisdiction: entry('辖区', 'Jurisdiction'),
    title: entry('拟送', 'Meant for', {
      values: { responsibleLeader: l('分管领导', 'Responsible leader'), principalLeader: l('主要负责人', 'Principal leader') },
    }),
  }),
};
/** The committee a collective decision was held under (core/collective-decision.ts). */
const COMMITTEE = section('委员会组成', 'Committee', {
  jurisdiction: entry('辖区', 'Jurisdiction'),
  version: entry('组成人员配置版本', 'Configuration version'),
  members: entry('委员', 'Members'),
  quorum: entry('法定到会人数', 'Quorum'),
});

/** Keys written by the engine or by every procedure, at any depth of a record or a trail entry. */
export const COMMON_RECORD_LABELS: RecordLabels = {
  by: entry('办理人', 'By'),
  at: entry('时间', 'At'),
  role: entry('角色', 'Role'),
  parties: section('当事各方', 'Parties', {
    cadreId: entry('当事干部', 'Cadre concerned'),
    unitId: entry('所在单位', 'Unit'),
    applicantId: entry('代为申请的单位账号', 'Applying unit account'),
  }),
  cadreId: entry('当事干部', 'Cadre concerned'),
  unitId: entry('所在单位', 'Unit'),
  // The number the opening gave the case (src/cases/case-numbers.ts), on its CREATE entry.
  caseNo: entry('案件编号', 'Case number'),
  // Issue 18 §3: the body an appeal was referred to (FILE_APPEAL's entry); the entries of 上级督办/交办.
  appealBody: entry('受理申诉机关', 'Appeal referred to'),
  // The body an appeal case was opened in (its CREATE entry): the parent body of the lower case's.
  body: entry('办理机关', 'Body handling the case'),
  // A case opened on a higher body's 交办新事项 (its CREATE entry and the 交办 entry after it).
  openedAs: entry('启动方式', 'Opened', { values: { assignment: l('上级交办', 'Assigned by a higher body') } }),
  assignedBy: entry('交办机关', 'Assigned by'),
  newMatter: entry('交办新事项', 'New matter assigned'),
  supervisionId: entry('督办事项编号', 'Supervision id'),
  kind: entry('方式', 'Kind', { values: { supervise: l('督办', 'Supervision'), assign: l('交办', 'Assignment') } }),
  byBody: entry('督办、交办机关', 'Higher body'),
  toBody: entry('承办机关', 'Body handling the case'),
  dueOn: entry('报告时限', 'Report due'),
  instructions: entry('督办、交办要求', 'What is asked'),
  report: entry('办理情况报告', 'Report back'),
  committee: COMMITTEE,
  // What the engine adds to trail entries: the cases an effect opened or notified, the register
  // entries it made, the deadline that fired, the case that opened this one.
  links: section('关联案件', 'Linked cases', {
    opened: entry('启动的关联案件', 'Case opened'),
    sent: entry('通知事项', 'Event sent'),
    to: entry('通知的案件', 'Case notified'),
    register: entry('登记簿', 'Register', {
      values: { creditBlacklist: l('失信黑名单', 'Credit blacklist'), riskFilings: l('防错备案登记簿', 'Register of risk-prevention filings') },
    }),
    op: entry('登记操作', 'Operation', { values: { add: l('登记', 'Entered'), withdraw: l('撤销登记', 'Withdrawn') } }),
    entries: entry('涉及的登记条目数', 'Entries concerned'),
  }),
  // What the engine looked up for a step (event.facts): the trail shows what it was decided on.
  facts: section('办理依据的登记信息', 'Reference data the step used', {
    committee: COMMITTEE,
    catalogue: section('容错情形目录', 'Catalogue', {
      jurisdiction: entry('辖区', 'Jurisdiction'),
      version: entry('版本', 'Version'),
      entries: section('情形', 'Situations', {
        code: entry('编号', 'Code'),
        kind: entry('类别', 'Kind', { values: { tolerance: l('容错情形', 'Tolerance situation'), exclusion: l('不予容错情形', 'Exclusion situation') } }),
        wording: entry('情形', 'Situation'),
        legalBasis: entry('依据', 'Basis'),
        describe: entry('须具体说明', 'Needs a description'),
      }),
    }),
    filing: section('防错备案登记', 'Risk-prevention filing as registered', {
      filingNo: entry('备案编号', 'Filing number'),
      caseId: entry('备案案件编号', 'Filing case'),
      unitId: entry('备案单位', 'Filing unit'),
      project: entry('备案事项', 'Project'),
      scope: entry('备案范围', 'Scope'),
      filedOn: entry('提交备案日期', 'Filed on'),
      registeredOn: entry('登记日期', 'Registered on'),
    }),
  }),
  origin: section('来源案件', 'Originating case', {}),
  caseId: entry('案件编号', 'Case id'),
  fromCaseId: entry('来源案件编号', 'From case'),
  procedure: entry('程序', 'Procedure', { values: PROCEDURE_NAMES }),
  relation: entry('关联关系', 'Relation', {
    values: {
      correctionOf: l('容错认定后启动纠错', 'Correction after a tolerance decision'),
      falseAccusationFrom: l('由澄清正名案件移送', 'Referred from a clarification case'),
      appealOf: l('对本案提出的申诉（由上一级机关办理）', 'Appeal against this case (heard one level up)'),
    },
  }),
  deadline: section('期限', 'Deadline', {
    rule: entry('期限规则', 'Rule'),
    dueAt: entry('到期时间', 'Due at'),
    state: entry('所在环节', 'Step'),
  }),
  // What a recomputation on the official holiday schedule writes (DEADLINE_RECOMPUTED).
  previousDueAt: entry('原截止时间', 'Due before'),
  dueAt: entry('截止时间', 'Due'),
  previousProvisionalYears: entry('原暂按周一至周五计算的年度', 'Years counted Monday to Friday before'),
  provisionalYears: entry('仍暂按周一至周五计算的年度', 'Years still counted Monday to Friday'),
  moved: entry('截止时间有变动', 'Due date moved'),
  calendar: section('所依据的节假日安排', 'Holiday schedules used', {
    year: entry('年度', 'Year'),
    source: entry('来源', 'Source', {
      values: {
        package: l('随系统提供', 'Shipped with the service'),
        file: l('配置文件', 'Configuration file'),
        database: l('系统管理员载入', 'Loaded by the system administrator'),
        assumedMondayToFriday: l('尚未公布，暂按周一至周五', 'Not published: Monday to Friday assumed'),
      },
    }),
    revision: entry('版本', 'Revision'),
    digest: entry('内容摘要', 'Digest'),
    loadedBy: entry('载入人', 'Loaded by'),
    loadedAt: entry('载入时间', 'Loaded at'),
  }),
  // What the 三色 warning ladder writes (WARNING_CHANGED, WARNING_WITHDRAWN): the colours, the
  // thresholds, the 提示函 / 督办函 it recorded and whom it told.
  warning: section('超期预警', 'Deadline warning', {
    from: entry('原预警', 'Before', { values: WARNING_VALUES }),
    to: entry('现预警', 'After', { values: WARNING_VALUES }),
    countedFrom: entry('期限起算时间', 'Counted from'),
    blueAt: entry('蓝色预警起始时间', 'Blue from'),
    yellowAt: entry('黄色预警起始时间', 'Yellow from'),
    since: entry('亮牌时间', 'Warning since'),
    completedAt: entry('本环节办结时间', 'Step done at'),
    provisional: entry('期限暂定', 'Provisional due date'),
    thresholds: section('预警规则', 'Thresholds', {
      bluePercent: entry('蓝色预警：时限已用（%）', 'Blue: share of the time used (%)'),
      yellowWorkingDays: entry('黄色预警：到期前工作日数', 'Yellow: working days before the due date'),
    }),
  }),
  letter: section('督办文书', 'Supervision letter', LETTER_FIELDS),
  letters: section('撤回的督办文书', 'Letters withdrawn', LETTER_FIELDS),
  notified: entry('提醒对象', 'Notified', { values: STAFF_ROLE_NAMES }),
  // What an identity reveal writes on the case's trail (the sealed values themselves never).
  revealId: entry('查阅申请编号', 'Reveal request'),
  requestedBy: entry('申请人', 'Requested by'),
  expiresAt: entry('查阅有效期至', 'Readable until'),
  fields: entry('查阅的信息', 'Information read'),
  actors: entry('查阅的封存操作人数', 'Sealed actors read'),
  // What every entry of a case's chain records about the stored case (verification compares them).
  caseRow: section('本步之后的案件存储记录', 'The stored case after this step', {
    state: entry('环节', 'Step'),
    status: entry('状态', 'Status'),
    version: entry('版本', 'Version'),
    digest: entry('摘要', 'Digest'),
  }),
  // A protected person's step: the pseudonym stands in the entry, the real actor is sealed.
  sealedActor: section('操作人（已封存）', 'Actor (sealed)', {
    commitment: entry('封存凭据（加盐哈希）', 'Sealed commitment (salted hash)'),
  }),
  // What the record of a read (the audit-reads chain) holds: who searched or exported what.
  filter: entry('查询条件', 'Filter'),
  matched: entry('符合条件的记录数', 'Entries matched'),
  entries: entry('导出时的记录总数', 'Entries in the trail at the export'),
  format: entry('格式', 'Format'),
  read: entry('查阅内容', 'What was read', { values: { case: l('案件信息', 'The case'), trail: l('办理记录', 'Its trail') } }),
};

/** A procedure's record labels: its own context keys, plus the keys every record shares. */
export const recordSpec = (fields: RecordLabels): RecordSpec => ({ fields, common: COMMON_RECORD_LABELS });
