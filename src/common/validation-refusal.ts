import type { ValidationError } from 'class-validator';
import { condition, DomainError, type RefusalCondition } from './domain-error';

/**
 * The fields the API's request classes declare, by their names in the administrators' and
 * officers' own terms. A field not listed is named as the client sent it.
 */
const FIELD_ZH: Record<string, string> = {
  username: '用户名',
  password: '密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  id: '编号',
  displayName: '姓名',
  unitId: '所在单位',
  active: '账户状态',
  roles: '角色授权',
  role: '角色',
  scope: '授权范围',
  name: '名称',
  jurisdiction: '管辖范围',
  reason: '理由',
  approve: '是否批准',
  note: '说明',
  validHours: '有效时长（小时）',
  page: '页码',
  pageSize: '每页条数',
  order: '排序方向',
  sort: '排序依据',
  procedure: '程序',
  state: '环节',
  status: '状态',
  cadre: '当事干部',
  unit: '单位',
  turn: '轮到办理的角色',
  q: '搜索内容',
  dueWithinDays: '到期天数',
  overdue: '已逾期',
  caseId: '案件编号',
  actor: '操作人',
  event: '操作',
  from: '起始时间',
  to: '截止时间',
  refused: '只看被拒绝的操作',
};

export interface FieldMessages {
  field: string;
  messages: string[];
}

/**
 * The refusal of a request whose body or query the declared classes reject: 400 with one entry
 * per field (`details.fields`, as payloads have) and each unmet condition in both languages.
 */
export function validationRefusal(errors: ValidationError[]): DomainError {
  const found = flatten(errors);
  const fields: FieldMessages[] = found.map(({ field, constraints }) => ({ field, messages: constraints.map(([, message]) => message) }));
  const conditions = found.flatMap(({ field, leaf, constraints }) => constraints.map(([name, message]) => conditionFor(field, leaf, name, message)));
  const message = found.flatMap(({ constraints }) => constraints.map(([, text]) => text)).join('; ');
  return new DomainError('REQUEST.INVALID', message || 'The request is not valid', { fields, conditions });
}

function flatten(errors: ValidationError[], prefix = ''): Array<{ field: string; leaf: string; constraints: Array<[string, string]> }> {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, leaf: error.property, constraints: Object.entries(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function conditionFor(field: string, leaf: string, constraint: string, message: string): RefusalCondition {
  const label = FIELD_ZH[leaf] ? `${FIELD_ZH[leaf]}（${field}）` : `字段“${field}”`;
  return condition(`field.${constraint}`, `${label}${requirementZh(constraint, message)}`, message, field);
}

/** What the constraint asks for, in Chinese; the limits are read from class-validator's own message. */
function requirementZh(constraint: string, message: string): string {
  const numbers = message.match(/-?\d+(\.\d+)?/g) ?? [];
  switch (constraint) {
    case 'whitelistValidation':
      return '不是此请求接受的字段';
    case 'isString':
      return '应为文字';
    case 'isBoolean':
      return '应为 true 或 false';
    case 'isInt':
      return '应为整数';
    case 'isNumber':
      return '应为数字';
    case 'min':
      return `不能小于 ${numbers[0] ?? ''}`.trim();
    case 'max':
      return `不能大于 ${numbers[0] ?? ''}`.trim();
    case 'isLength':
      if (/longer/.test(message) && /shorter/.test(message)) return `的长度应在 ${numbers[0]} 到 ${numbers[1]} 个字符之间`;
      if (/longer/.test(message)) return `至少应有 ${numbers[0]} 个字符`;
      return `最多 ${numbers[0]} 个字符`;
    case 'maxLength':
      return `最多 ${numbers[0]} 个字符`;
    case 'minLength':
      return `至少应有 ${numbers[0]} 个字符`;
    case 'matches':
      return '的格式不符合要求';
    case 'isIn':
    case 'isEnum':
      return '的取值不在允许范围内';
    case 'isUuid':
    case 'isUUID':
      return '应为 UUID 格式的编号';
    case 'isIso8601':
    case 'isISO8601':
      return '应为 ISO 8601 格式的时间';
    case 'isArray':
      return '应为列表';
    case 'arrayMaxSize':
      return `最多 ${numbers[0]} 项`;
    case 'nestedValidation':
      return '的每一项应为对象';
    case 'unknownValue':
      return '应为 JSON 对象';
    case 'isDefined':
    case 'isNotEmpty':
      return '不能为空';
    default:
      return '不符合要求';
  }
}
