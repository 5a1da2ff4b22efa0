import type {
  BooleanField,
  DateField,
  EnumField,
  EnumListField,
  FieldSpec,
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
  /** See `FieldBase.lookup`. */
  lookup?: string;
}

/**
 * `{ required: true }` passed literally makes the field required in the inferred payload type
 * (`PayloadOf`); anything else leaves it optional.
 */
type Requiredness<O> = O extends { required: true } ? { required: true } : { required?: boolean };

const label = (zh: string, en: string): Label => ({ zh, en });

export const text = <const O extends Options & { maxLength?: number; minLength?: number } = {}>(
  zh: string,
  en: string,
  options: O = {} as O,
): TextField & Requiredness<O> =>
  ({
    kind: 'text',
    label: label(zh, en),
    maxLength: options.maxLength ?? LIMITS.longText,
    minLength: options.minLength,
    required: options.required,
    sealed: options.sealed,
    ...(options.lookup ? { lookup: options.lookup } : {}),
  }) as TextField & Requiredness<O>;

export const shortText = <const O extends Options = {}>(zh: string, en: string, options: O = {} as O): TextField & Requiredness<O> =>
  text(zh, en, { ...options, maxLength: LIMITS.shortText }) as TextField & Requiredness<O>;

export const date = <const O extends Options = {}>(zh: string, en: string, options: O = {} as O): DateField & Requiredness<O> =>
  ({ kind: 'date', label: label(zh, en), required: options.required }) as DateField & Requiredness<O>;

export const integer = <const O extends Options = {}>(zh: string, en: string, min: number, max: number, options: O = {} as O): IntegerField & Requiredness<O> =>
  ({ kind: 'integer', label: label(zh, en), min, max, required: options.required }) as IntegerField & Requiredness<O>;

export const bool = <const O extends Options = {}>(zh: string, en: string, options: O = {} as O): BooleanField & Requiredness<O> =>
  ({ kind: 'boolean', label: label(zh, en), required: options.required }) as BooleanField & Requiredness<O>;

/** One value from a fixed list; the labels name every value, so the list has one spelling. */
export const oneOf = <V extends string, const O extends Options = {}>(
  zh: string,
  en: string,
  valueLabels: Record<V, Label>,
  options: O = {} as O,
): EnumField<V> & Requiredness<O> =>
  ({
    kind: 'enum',
    label: label(zh, en),
    values: Object.keys(valueLabels) as V[],
    valueLabels,
    required: options.required,
  }) as EnumField<V> & Requiredness<O>;

export const someOf = <V extends string, const O extends Options & { minItems?: number } = {}>(
  zh: string,
  en: string,
  valueLabels: Record<V, Label>,
  options: O = {} as O,
): EnumListField<V> & Requiredness<O> =>
  ({
    kind: 'enumList',
    label: label(zh, en),
    values: Object.keys(valueLabels) as V[],
    valueLabels,
    minItems: options.minItems,
    maxItems: Object.keys(valueLabels).length,
    required: options.required,
  }) as EnumListField<V> & Requiredness<O>;

export const textList = <const O extends Options & { minItems?: number; maxItems?: number; maxLength?: number } = {}>(
  zh: string,
  en: string,
  options: O = {} as O,
): TextListField & Requiredness<O> =>
  ({
    kind: 'textList',
    label: label(zh, en),
    minItems: options.minItems,
    maxItems: options.maxItems ?? LIMITS.listItems,
    maxLength: options.maxLength ?? LIMITS.shortText,
    required: options.required,
  }) as TextListField & Requiredness<O>;

export const object = <F extends FieldSpecs, const O extends Options = {}>(
  zh: string,
  en: string,
  fields: F,
  options: O = {} as O,
): ObjectField<F> & Requiredness<O> => ({ kind: 'object', label: label(zh, en), fields, required: options.required }) as ObjectField<F> & Requiredness<O>;

export const objectList = <F extends FieldSpecs, const O extends Options & { minItems?: number; maxItems?: number } = {}>(
  zh: string,
  en: string,
  fields: F,
  options: O = {} as O,
): ObjectListField<F> & Requiredness<O> =>
  ({
    kind: 'objectList',
    label: label(zh, en),
    fields,
    minItems: options.minItems,
    maxItems: options.maxItems ?? LIMITS.listItems,
    required: options.required,
  }) as ObjectListField<F> & Requiredness<O>;

/** The reason a step is taken; the engine copies it into the trail entry's `reason`. */
export const reason = <const O extends Options = {}>(options: O = {} as O): TextField & Requiredness<O> =>
  text('理由', 'Reason', { ...options, maxLength: 2000 }) as TextField & Requiredness<O>;

/**
 * One field per key of a vocabulary (the six factors, the three distinctions): the keys stay
 * typed, so the payload type names each of them.
 */
export function fieldPerKey<K extends string, S extends FieldSpecs[string]>(keys: Record<K, unknown>, build: (key: K) => S): { [P in K]: S } {
  return Object.fromEntries(Object.keys(keys).map((key) => [key, build(key as K)])) as { [P in K]: S };
}

/** Staff and auditors see it; a party's view of the step leaves it out. */
export const internal = <T extends FieldSpec>(field: T): T => ({ ...field, internal: true });
