// @ts-check
import { t } from '../i18n.js';

/**
 * Client-side checks that mirror the field specs the server validates with (required, lengths,
 * ranges, list sizes, allowed values), so most mistakes are shown before anything is sent. The
 * server stays the judge: its 400 messages are shown next to the same fields.
 */
export function validateValue(spec, value, path) {
  if (value === undefined) return spec.required ? [{ path, message: t('validation.required') }] : [];
  switch (spec.kind) {
    case 'text':
      return textProblems(spec, value, path);
    case 'date':
      return isDate(value) ? [] : [{ path, message: t('validation.date') }];
    case 'integer':
      if (!Number.isInteger(value)) return [{ path, message: t('validation.integer') }];
      return value < spec.min || value > spec.max ? [{ path, message: t('validation.range', { min: spec.min, max: spec.max }) }] : [];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [{ path, message: t('validation.required') }];
    case 'enum':
      return spec.values.includes(value) ? [] : [{ path, message: t('validation.oneOf') }];
    case 'enumList':
      return [...listSize(spec, value, path), ...(value.every((item) => spec.values.includes(item)) ? [] : [{ path, message: t('validation.oneOf') }])];
    case 'textList':
      return [
        ...listSize(spec, value, path),
        ...value.flatMap((item, index) =>
          item.length > spec.maxLength ? [{ path, message: t('validation.itemMaxLength', { item: index + 1, max: spec.maxLength }) }] : [],
        ),
      ];
    case 'object':
      return Object.entries(spec.fields).flatMap(([key, child]) => validateValue(child, value[key], `${path}.${key}`));
    case 'objectList':
      return [
        ...listSize(spec, value, path),
        ...value.flatMap((item, index) => Object.entries(spec.fields).flatMap(([key, child]) => validateValue(child, item?.[key], `${path}[${index}].${key}`))),
      ];
    default:
      return [];
  }
}

function textProblems(spec, value, path) {
  if (value.length > spec.maxLength) return [{ path, message: t('validation.maxLength', { max: spec.maxLength, length: value.length }) }];
  if (spec.minLength && value.length < spec.minLength) return [{ path, message: t('validation.minLength', { min: spec.minLength }) }];
  return [];
}

function listSize(spec, value, path) {
  if (spec.minItems && value.length < spec.minItems) return [{ path, message: t('validation.minItems', { min: spec.minItems }) }];
  if (spec.maxItems && value.length > spec.maxItems) return [{ path, message: t('validation.maxItems', { max: spec.maxItems }) }];
  return [];
}

function isDate(value) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
