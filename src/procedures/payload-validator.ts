import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { FieldSpecs } from '../../workflows/core';
import { DomainError } from '../common/domain-error';
import { payloadClass } from './payload-class.factory';

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** Validates payloads against field specs; classes are built once per event and reused. */
export class PayloadValidator {
  private readonly classes = new Map<string, new () => object>();

  /** Returns the payload reduced to declared fields, or throws 400 with a message per field. */
  async validate(cacheKey: string, fields: FieldSpecs, payload: unknown): Promise<Record<string, unknown>> {
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      throw new DomainError('CASE.INVALID_PAYLOAD', 'The payload must be a JSON object', { fields: [] });
    }
    if (Object.keys(fields).length === 0) {
      // class-validator cannot validate a class without properties; an empty payload is the rule.
      const unexpected = Object.keys(payload);
      if (unexpected.length === 0) return {};
      throw new DomainError('CASE.INVALID_PAYLOAD', `Invalid payload: ${unexpected.join(', ')}`, {
        fields: unexpected.map((field) => ({ field, messages: [`property ${field} should not exist`] })),
      });
    }
    const instance = plainToInstance(this.classFor(cacheKey, fields), payload);
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (errors.length > 0) {
      const problems = flatten(errors);
      throw new DomainError('CASE.INVALID_PAYLOAD', `Invalid payload: ${problems.map((p) => p.field).join(', ')}`, { fields: problems });
    }
    return JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;
  }

  private classFor(cacheKey: string, fields: FieldSpecs): new () => object {
    let found = this.classes.get(cacheKey);
    if (!found) {
      found = payloadClass(cacheKey.replace(/\W/g, '_'), fields);
      this.classes.set(cacheKey, found);
    }
    return found;
  }
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
