import { PROCEDURE_DEFINITIONS, PROCEDURE_SAMPLES } from '../../workflows';
import { fitsFields, payloadProblems, type FieldSpec, type FieldSpecs } from '../../workflows/core';
import { DomainError } from '../common/domain-error';
import { PayloadValidator } from './payload-validator';

/**
 * One schema per payload: the API's class-validator classes and the runtime's own check (its list
 * of problems and its quick yes or no) are all generated from the field specs, and must agree on
 * every payload. Each spec of every procedure is
 * tried with a valid payload built from the spec itself and with that payload broken one field at
 * a time, at every depth (absent, null, wrong type, blank, too long, out of range, no such day, no
 * such value, too few or too many items, duplicates). Unknown fields are left out on purpose: the
 * API refuses them, the runtime leaves them to the service (which adds its own, e.g. `fromCaseId`).
 */

const validator = new PayloadValidator();

async function apiAccepts(key: string, fields: FieldSpecs, payload: unknown): Promise<boolean> {
  try {
    await validator.validate(key, fields, payload);
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'CASE.INVALID_PAYLOAD') return false;
    throw error;
  }
}

/** A payload every rule of the specs accepts, optional fields included. */
function validPayload(fields: FieldSpecs): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, spec]) => [key, validValue(spec)]));
}

function validValue(spec: FieldSpec): unknown {
  const count = (minItems?: number) => Math.max(minItems ?? 0, 1);
  switch (spec.kind) {
    case 'text':
      return '说'.repeat(Math.max(spec.minLength ?? 1, 1));
    case 'date':
      return '2026-03-02';
    case 'integer':
      return spec.min;
    case 'boolean':
      return true;
    case 'enum':
      return spec.values[0];
    case 'enumList':
      return spec.values.slice(0, count(spec.minItems));
    case 'textList':
      return Array.from({ length: count(spec.minItems) }, (_, index) => `第${index + 1}项`);
    case 'object':
      return validPayload(spec.fields);
    case 'objectList':
      return Array.from({ length: count(spec.minItems) }, () => validPayload(spec.fields));
  }
}

/** Wrong values for one field: what a careless or hostile client might send. */
function brokenValues(spec: FieldSpec): unknown[] {
  const common = [undefined, null, 42, 'text', true, {}, []];
  switch (spec.kind) {
    case 'text':
      return [...common, '', '   ', '\n\t', 'x'.repeat(spec.maxLength + 1)];
    case 'date':
      return [...common, '2026-02-30', '2026-13-01', '2026-3-2', '2026-03-02T00:00:00Z', 'tomorrow'];
    case 'integer':
      return [...common, spec.min - 1, spec.max + 1, 1.5, '3'];
    case 'boolean':
      return [...common, 'true', 1];
    case 'enum':
      return [...common, 'nope', spec.values[0].toUpperCase()];
    case 'enumList':
      return [...common, [spec.values[0], spec.values[0]], ['nope'], [...spec.values, 'more'], [42]];
    case 'textList':
      return [...common, [''], ['  '], ['x'.repeat(spec.maxLength + 1)], Array(spec.maxItems + 1).fill('a'), [42]];
    case 'object':
      return [...common, 'x'];
    case 'objectList':
      return [...common, [{}], ['x'], Array(spec.maxItems + 1).fill(validPayload(spec.fields))];
  }
}

/** The valid payload with one field (at any depth) replaced; every field and every wrong value. */
function variants(fields: FieldSpecs): Array<{ path: string; payload: Record<string, unknown> }> {
  const base = validPayload(fields);
  const out: Array<{ path: string; payload: Record<string, unknown> }> = [];
  for (const [key, spec] of Object.entries(fields)) {
    for (const value of brokenValues(spec)) {
      const payload = { ...base };
      if (value === undefined) delete payload[key];
      else payload[key] = value;
      out.push({ path: `${key}=${JSON.stringify(value)}`, payload });
    }
    if (spec.kind === 'object') {
      for (const inner of variants(spec.fields)) out.push({ path: `${key}.${inner.path}`, payload: { ...base, [key]: inner.payload } });
    }
    if (spec.kind === 'objectList') {
      for (const inner of variants(spec.fields)) out.push({ path: `${key}[0].${inner.path}`, payload: { ...base, [key]: [inner.payload] } });
    }
  }
  return out;
}

const specsOf = PROCEDURE_DEFINITIONS.flatMap((definition) => [
  { name: `${definition.id} creation`, fields: definition.creation.fields },
  ...Object.entries(definition.events).map(([type, spec]) => ({ name: `${definition.id} ${type}`, fields: spec.fields })),
]);

describe('the API validation and the runtime check, both generated from the field specs', () => {
  it.each(specsOf.map((spec) => [spec.name, spec.fields] as const))('agree on %s, broken one field at a time', async (name, fields) => {
    const disagreements: string[] = [];
    const cases = [{ path: '(valid)', payload: validPayload(fields) }, { path: '(empty)', payload: {} }, ...variants(fields)];
    for (const { path, payload } of cases) {
      const api = await apiAccepts(name, fields, payload);
      const runtime = payloadProblems(fields, payload).length === 0;
      if (api !== runtime) disagreements.push(`${path}: api ${api ? 'accepts' : 'refuses'}, runtime ${runtime ? 'accepts' : 'refuses'}`);
      // The runtime's allocation-free yes/no (asked on every event) says the same as its list of problems.
      if (fitsFields(fields, payload) !== runtime) disagreements.push(`${path}: fitsFields and payloadProblems differ`);
    }
    expect(disagreements).toEqual([]);
    expect(await apiAccepts(name, fields, validPayload(fields))).toBe(true);
  });

  it('accept every sample payload the machines are driven with', async () => {
    const refused: string[] = [];
    for (const definition of PROCEDURE_DEFINITIONS) {
      const samples = PROCEDURE_SAMPLES[definition.id];
      for (const [index, input] of samples.creations.entries()) {
        if (definition.creation.roles.includes(input.actor.role) && payloadProblems(definition.creation.fields, input.data).length > 0) {
          refused.push(`${definition.id} creation ${index}`);
        }
      }
      for (const [type, variantsOfType] of Object.entries(samples.events)) {
        for (const [index, sample] of variantsOfType.entries()) {
          const fields = definition.events[type].fields;
          const system = sample.actor.role === 'system';
          // The service adds its own keys to the events it sends (e.g. `fromCaseId`): only the runtime check applies.
          if (payloadProblems(fields, sample.data).length > 0 || (!system && !(await apiAccepts(`${definition.id}:${type}`, fields, sample.data)))) {
            refused.push(`${definition.id} ${type}[${index}]`);
          }
        }
      }
    }
    expect(refused).toEqual([]);
  });
});
