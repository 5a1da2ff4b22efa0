import type { Label } from './label';

/**
 * The payload an event carries, declared as data so that the API can validate it (class-validator
 * classes are generated from these specs), the OpenAPI document can describe it and the pages can
 * build a form from it. Every text and list is bounded: nothing unbounded reaches the database.
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

export interface EnumField extends FieldBase {
  kind: 'enum';
  values: readonly string[];
  valueLabels: Record<string, Label>;
}

/** Several values from a fixed list (e.g. the measures of a false-accusation decision). */
export interface EnumListField extends FieldBase {
  kind: 'enumList';
  values: readonly string[];
  valueLabels: Record<string, Label>;
  minItems?: number;
  maxItems: number;
}

export interface TextListField extends FieldBase {
  kind: 'textList';
  maxItems: number;
  maxLength: number;
  minItems?: number;
}

export interface ObjectField extends FieldBase {
  kind: 'object';
  fields: Record<string, FieldSpec>;
}

export interface ObjectListField extends FieldBase {
  kind: 'objectList';
  fields: Record<string, FieldSpec>;
  maxItems: number;
  minItems?: number;
}

export type FieldSpec =
  | TextField
  | DateField
  | IntegerField
  | BooleanField
  | EnumField
  | EnumListField
  | TextListField
  | ObjectField
  | ObjectListField;

export type FieldSpecs = Record<string, FieldSpec>;
