import type { Label } from './label';

/**
 * The payload an event carries, declared once as data. Everything else is derived from it: the
 * payload's TypeScript type (`PayloadOf`), the runtime's check (`payload-check.ts`), the API's
 * class-validator classes, the OpenAPI schema (`json-schema.ts`) and the pages' forms. Every text
 * and list is bounded: nothing unbounded reaches the database. A required text (and every item of
 * a text list) must hold more than blanks.
 */
interface FieldBase {
  label: Label;
  /** Absent or false: the field may be omitted. */
  required?: boolean;
  /**
   * A sealed value (a reporter's or accuser's identity, domain.md §4): the trail records only that
   * it was given, views leave it out, and machines keep it under `context.sealed`.
   */
  sealed?: boolean;
  /**
   * Internal deliberation (who attended, how they voted): staff and auditors see it; the parties'
   * view of the timeline leaves it out even when the step itself is one of their milestones.
   */
  internal?: boolean;
  /**
   * The service lists this text field's choices (`catalogue.tolerance`: the codes of the case's
   * catalogue of tolerance situations); forms offer them, the value stays text.
   */
  lookup?: string;
}

export interface TextField extends FieldBase {
  kind: 'text';
  maxLength: number;
  minLength?: number;
}

/** A calendar date, `YYYY-MM-DD`. */
export interface DateField extends FieldBase {
  kind: 'date';
}

export interface IntegerField extends FieldBase {
  kind: 'integer';
  min: number;
  max: number;
}

export interface BooleanField extends FieldBase {
  kind: 'boolean';
}

export interface EnumField<V extends string = string> extends FieldBase {
  kind: 'enum';
  values: readonly V[];
  valueLabels: Record<V, Label>;
}

/** Several values from a fixed list (e.g. the measures of a false-accusation decision). */
export interface EnumListField<V extends string = string> extends FieldBase {
  kind: 'enumList';
  values: readonly V[];
  valueLabels: Record<V, Label>;
  minItems?: number;
  maxItems: number;
}

export interface TextListField extends FieldBase {
  kind: 'textList';
  maxItems: number;
  maxLength: number;
  minItems?: number;
}

export interface ObjectField<F extends FieldSpecs = FieldSpecs> extends FieldBase {
  kind: 'object';
  fields: F;
}

export interface ObjectListField<F extends FieldSpecs = FieldSpecs> extends FieldBase {
  kind: 'objectList';
  fields: F;
  maxItems: number;
  minItems?: number;
}

export type FieldSpec = TextField | DateField | IntegerField | BooleanField | EnumField | EnumListField | TextListField | ObjectField | ObjectListField;

export type FieldSpecs = { readonly [key: string]: FieldSpec };

// ---------------------------------------------------------------------------------------------
// The payload type, inferred from the specs: required fields are present, optional ones may be
// absent (the runtime leaves out an optional field sent as null, so a machine never sees null).

type RequiredKeys<F> = { [K in keyof F]: F[K] extends { required: true } ? K : never }[keyof F];

/** Flattens an intersection so editors show the payload as one object. */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** The value a field holds once its payload passed the check. */
export type ValueOf<S> = S extends { kind: 'text' | 'date' }
  ? string
  : S extends { kind: 'integer' }
    ? number
    : S extends { kind: 'boolean' }
      ? boolean
      : S extends { kind: 'enum'; values: readonly (infer V)[] }
        ? V
        : S extends { kind: 'enumList'; values: readonly (infer V)[] }
          ? V[]
          : S extends { kind: 'textList' }
            ? string[]
            : S extends { kind: 'object'; fields: infer F extends FieldSpecs }
              ? PayloadOf<F>
              : S extends { kind: 'objectList'; fields: infer F extends FieldSpecs }
                ? Array<PayloadOf<F>>
                : never;

/** The payload an event with these fields carries, as its machine receives it. */
export type PayloadOf<F extends FieldSpecs> = Flat<
  { -readonly [K in RequiredKeys<F>]: ValueOf<F[K]> } & { -readonly [K in Exclude<keyof F, RequiredKeys<F>>]?: ValueOf<F[K]> }
>;
