import type { FieldSpec, FieldSpecs } from './fields';

/** The subset of JSON Schema (as OpenAPI 3.0 writes it) that field specs produce. */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'boolean';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: string[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  nullable?: boolean;
  'x-sealed'?: boolean;
}

/**
 * The JSON Schema of a payload with these fields, for the OpenAPI document: the same rules the
 * runtime's check and the API's validation apply (an optional field may be null or absent; a
 * required text says something; unknown fields are refused).
 */
export function jsonSchemaOf(fields: FieldSpecs): JsonSchema {
  const required = Object.entries(fields)
    .filter(([, spec]) => spec.required)
    .map(([key]) => key);
  return {
    type: 'object',
    properties: Object.fromEntries(Object.entries(fields).map(([key, spec]) => [key, fieldSchema(spec)])),
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

const SAYS_SOMETHING = '\\S';

function fieldSchema(spec: FieldSpec): JsonSchema {
  const described: JsonSchema = {
    description: `${spec.label.zh} / ${spec.label.en}`,
    ...(spec.required ? {} : { nullable: true }),
    ...(spec.sealed ? { 'x-sealed': true } : {}),
  };
  switch (spec.kind) {
    case 'text':
      return {
        ...described,
        type: 'string',
        minLength: spec.minLength ?? (spec.required ? 1 : 0),
        maxLength: spec.maxLength,
        ...(spec.required ? { pattern: SAYS_SOMETHING } : {}),
      };
    case 'date':
      return { ...described, type: 'string', format: 'date' };
    case 'integer':
      return { ...described, type: 'integer', minimum: spec.min, maximum: spec.max };
    case 'boolean':
      return { ...described, type: 'boolean' };
    case 'enum':
      return { ...described, type: 'string', enum: [...spec.values] };
    case 'enumList':
      return { ...described, type: 'array', items: { type: 'string', enum: [...spec.values] }, ...counts(spec), uniqueItems: true };
    case 'textList':
      return { ...described, type: 'array', items: { type: 'string', minLength: 1, maxLength: spec.maxLength, pattern: SAYS_SOMETHING }, ...counts(spec) };
    case 'object':
      return { ...described, ...jsonSchemaOf(spec.fields) };
    case 'objectList':
      return { ...described, type: 'array', items: jsonSchemaOf(spec.fields), ...counts(spec) };
  }
}

const counts = (spec: { minItems?: number; maxItems: number }) => ({
  ...(spec.minItems !== undefined ? { minItems: spec.minItems } : {}),
  maxItems: spec.maxItems,
});
