import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { FieldSpec, FieldSpecs } from '../../workflows/core';

type PropertyDecoratorFn = (target: object, key: string) => void;

/** Not blank: at least one character that is not white space. */
const SAYS_SOMETHING = /\S/;

/**
 * Builds a class-validator class from an event's field specs, so every payload is validated by the
 * same library and rules as hand-written DTOs while the procedures stay the single source of truth.
 * The rules are the runtime's own check (workflows/core/payload-check.ts; a test holds the two
 * together): a required text and every item of a text list must say something.
 */
export function payloadClass(name: string, fields: FieldSpecs): new () => object {
  const PayloadClass = class {};
  Object.defineProperty(PayloadClass, 'name', { value: name });
  for (const [key, spec] of Object.entries(fields)) {
    for (const decorate of decoratorsFor(name, key, spec)) decorate(PayloadClass.prototype, key);
  }
  return PayloadClass;
}

function decoratorsFor(owner: string, key: string, spec: FieldSpec): PropertyDecoratorFn[] {
  const presence = spec.required ? IsDefined({ message: `${key} is required` }) : IsOptional();
  return [presence, ...kindDecorators(owner, key, spec)] as PropertyDecoratorFn[];
}

function kindDecorators(owner: string, key: string, spec: FieldSpec): PropertyDecorator[] {
  switch (spec.kind) {
    case 'text':
      return [
        IsString(),
        MaxLength(spec.maxLength),
        MinLength(spec.minLength ?? (spec.required ? 1 : 0)),
        ...(spec.required ? [Matches(SAYS_SOMETHING, { message: `${key} must not be blank` })] : []),
      ];
    case 'date':
      return [Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${key} must be a date YYYY-MM-DD` }), IsISO8601({ strict: true })];
    case 'integer':
      return [IsInt(), Min(spec.min), Max(spec.max)];
    case 'boolean':
      return [IsBoolean()];
    case 'enum':
      return [IsIn([...spec.values])];
    case 'enumList':
      return [IsArray(), ArrayMinSize(spec.minItems ?? 0), ArrayMaxSize(spec.maxItems), ArrayUnique(), IsIn([...spec.values], { each: true })];
    case 'textList':
      return [
        IsArray(),
        ArrayMinSize(spec.minItems ?? 0),
        ArrayMaxSize(spec.maxItems),
        IsString({ each: true }),
        MaxLength(spec.maxLength, { each: true }),
        MinLength(1, { each: true }),
        Matches(SAYS_SOMETHING, { each: true, message: `each item of ${key} must not be blank` }),
      ];
    case 'object': {
      const nested = payloadClass(`${owner}_${key}`, spec.fields);
      return [IsObject(), ValidateNested(), Type(() => nested)];
    }
    case 'objectList': {
      const nested = payloadClass(`${owner}_${key}`, spec.fields);
      return [
        IsArray(),
        ArrayMinSize(spec.minItems ?? 0),
        ArrayMaxSize(spec.maxItems),
        IsObject({ each: true }),
        ValidateNested({ each: true }),
        Type(() => nested),
      ];
    }
  }
}
