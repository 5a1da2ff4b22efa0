import type {
  BooleanField,
  DateField,
  EnumField,
  EnumListField,
  FieldSpecs,
  IntegerField,
  ObjectField,
  ObjectListField,
  TextField,
  TextListField,
} from './fields';
import type { Label } from './label';

/** Bounds shared by every procedure, so limits are the same everywhere. */
export const LIMITS = {
  shortText: 200,
  longText: 5000,
  listItems: 50,
} as const;

interface Options {
  required?: boolean;
  sealed?: boolean;
}

const label = (zh: string, en: string): Label => ({ zh, en });

export const text = (zh: string, en: string, options: Options & { maxLength?: number; minLength?: number } = {}): TextField => ({
  kind: 'text',
  label: label(zh, en),
  maxLength: options.maxLength ?? LIMITS.longText,
  minLength: options.minLength,
  required: options.required,
  sealed: options.sealed,
});

export const shortText = (zh: string, en: string, options: Options = {}): TextField =>
  text(zh, en, { ...options, maxLength: LIMITS.shortText });

export const date = (zh: string, en: string, options: Options = {}): DateField => ({
  kind: 'date',
  label: label(zh, en),
  required: options.required,
});

export const integer = (zh: string, en: string, min: number, max: number, options: Options = {}): IntegerField => ({
  kind: 'integer',
  label: label(zh, en),
  min,
  max,
  required: options.required,
});

export const bool = (zh: string, en: string, options: Options = {}): BooleanField => ({
  kind: 'boolean',
  label: label(zh, en),
  required: options.required,
});

export const oneOf = (
  zh: string,
  en: string,
  valueLabels: Record<string, Label>,
  options: Options = {},
): EnumField => ({
  kind: 'enum',
  label: label(zh, en),
  values: Object.keys(valueLabels),
  valueLabels,
  required: options.required,
});

export const someOf = (
  zh: string,
  en: string,
  valueLabels: Record<string, Label>,
  options: Options & { minItems?: number } = {},
): EnumListField => ({
  kind: 'enumList',
  label: label(zh, en),
  values: Object.keys(valueLabels),
  valueLabels,
  minItems: options.minItems,
  maxItems: Object.keys(valueLabels).length,
  required: options.required,
});

export const textList = (
  zh: string,
  en: string,
  options: Options & { minItems?: number; maxItems?: number; maxLength?: number } = {},
): TextListField => ({
  kind: 'textList',
  label: label(zh, en),
  minItems: options.minItems,
  maxItems: options.maxItems ?? LIMITS.listItems,
  maxLength: options.maxLength ?? LIMITS.shortText,
  required: options.required,
});

export const object = (zh: string, en: string, fields: FieldSpecs, options: Options = {}): ObjectField => ({
  kind: 'object',
  label: label(zh, en),
  fields,
  required: options.required,
});

export const objectList = (
  zh: string,
  en: string,
  fields: FieldSpecs,
  options: Options & { minItems?: number; maxItems?: number } = {},
): ObjectListField => ({
  kind: 'objectList',
  label: label(zh, en),
  fields,
  minItems: options.minItems,
  maxItems: options.maxItems ?? LIMITS.listItems,
  required: options.required,
});

/** The reason a step is taken; the engine copies it into the trail entry's `reason`. */
export const reason = (options: Options = {}): TextField => text('理由', 'Reason', { ...options, maxLength: 2000 });
