import type { FieldSpec, FieldSpecs } from './fields';

export interface PayloadProblem {
  /** The field's path, `items[0].requirement` for nested ones. */
  field: string;
  problem: 'required' | 'blank' | 'type' | 'length' | 'range' | 'date' | 'value' | 'items' | 'duplicate';
}

/**
 * Checks a payload against its field specs, exactly as the API's generated class-validator
 * classes do (src/procedures/payload-class.factory.ts; a test holds the two together). Fields the
 * specs do not name are not this check's business: the API refuses them, and the service adds its
 * own keys to events it sends itself (e.g. `fromCaseId`).
 */
export function payloadProblems(fields: FieldSpecs, data: unknown, prefix = ''): PayloadProblem[] {
  if (!isRecord(data)) return [{ field: prefix || '(payload)', problem: 'type' }];
  return Object.entries(fields).flatMap(([key, spec]) => fieldProblems(spec, data[key], prefix ? `${prefix}.${key}` : key));
}

/**
 * The same check as `payloadProblems`, answering only yes or no and allocating nothing on the way:
 * the runtime asks it on every event.
 */
export function fitsFields(fields: FieldSpecs, data: unknown): boolean {
  if (!isRecord(data)) return false;
  for (const key in fields) {
    if (!fitsField(fields[key], data[key])) return false;
  }
  return true;
}

function fitsField(spec: FieldSpec, value: unknown): boolean {
  if (value === undefined || value === null) return !spec.required;
  switch (spec.kind) {
    case 'text':
      return (
        typeof value === 'string' &&
        value.length <= spec.maxLength &&
        value.length >= (spec.minLength ?? (spec.required ? 1 : 0)) &&
        !(spec.required && isBlank(value))
      );
    case 'date':
      return isCalendarDate(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= spec.min && value <= spec.max;
    case 'boolean':
      return typeof value === 'boolean';
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value);
    case 'enumList':
      return (
        Array.isArray(value) &&
        hasItemCount(value, spec.minItems, spec.maxItems) &&
        new Set(value).size === value.length &&
        value.every((item) => typeof item === 'string' && spec.values.includes(item))
      );
    case 'textList':
      return (
        Array.isArray(value) &&
        hasItemCount(value, spec.minItems, spec.maxItems) &&
        value.every((item) => typeof item === 'string' && item.length >= 1 && item.length <= spec.maxLength && !isBlank(item))
      );
    case 'object':
      return fitsFields(spec.fields, value);
    case 'objectList':
      return Array.isArray(value) && hasItemCount(value, spec.minItems, spec.maxItems) && value.every((item) => fitsFields(spec.fields, item));
  }
}

/**
 * The payload as a machine receives it: optional fields given as null are left out, at every
 * depth, so a machine sees a field either with a value of its type or not at all. A payload
 * without a null is handed on as it is.
 */
export function withoutNulls<T>(fields: FieldSpecs, data: T): T {
  if (!isRecord(data) || !holdsNull(data)) return data;
  const kept = Object.entries(data)
    .filter(([key, value]) => !(value === null && key in fields && !fields[key].required))
    .map(([key, value]) => [key, key in fields ? nestedWithoutNulls(fields[key], value) : value]);
  return Object.fromEntries(kept) as T;
}

function holdsNull(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.some(holdsNull);
  if (typeof value === 'object') return Object.values(value as object).some(holdsNull);
  return false;
}

function nestedWithoutNulls(spec: FieldSpec, value: unknown): unknown {
  if (spec.kind === 'object') return withoutNulls(spec.fields, value);
  if (spec.kind === 'objectList' && Array.isArray(value)) return value.map((item) => withoutNulls(spec.fields, item));
  return value;
}

function fieldProblems(spec: FieldSpec, value: unknown, field: string): PayloadProblem[] {
  if (value === undefined || value === null) return spec.required ? [{ field, problem: 'required' }] : [];
  const problem = (kind: PayloadProblem['problem']): PayloadProblem[] => [{ field, problem: kind }];
  switch (spec.kind) {
    case 'text': {
      if (typeof value !== 'string') return problem('type');
      if (value.length > spec.maxLength || value.length < (spec.minLength ?? (spec.required ? 1 : 0))) return problem('length');
      return spec.required && isBlank(value) ? problem('blank') : [];
    }
    case 'date':
      return isCalendarDate(value) ? [] : problem('date');
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return problem('type');
      return value < spec.min || value > spec.max ? problem('range') : [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : problem('type');
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? [] : problem('value');
    case 'enumList': {
      if (!Array.isArray(value)) return problem('type');
      if (!hasItemCount(value, spec.minItems, spec.maxItems)) return problem('items');
      if (new Set(value).size !== value.length) return problem('duplicate');
      return value.every((item) => typeof item === 'string' && spec.values.includes(item)) ? [] : problem('value');
    }
    case 'textList': {
      if (!Array.isArray(value)) return problem('type');
      if (!hasItemCount(value, spec.minItems, spec.maxItems)) return problem('items');
      return value.every((item) => typeof item === 'string' && item.length >= 1 && item.length <= spec.maxLength && !isBlank(item)) ? [] : problem('length');
    }
    case 'object':
      return payloadProblems(spec.fields, value, field);
    case 'objectList': {
      if (!Array.isArray(value)) return problem('type');
      if (!hasItemCount(value, spec.minItems, spec.maxItems)) return problem('items');
      return value.flatMap((item, index) => payloadProblems(spec.fields, item, `${field}[${index}]`));
    }
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const hasItemCount = (list: unknown[], min = 0, max = Infinity): boolean => list.length >= min && list.length <= max;

/** Blank: nothing but white space. A required text or a list item says something. */
export const isBlank = (value: string): boolean => !/\S/.test(value);

/** `YYYY-MM-DD` naming a day that exists (no 30 February). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}
