import { PROCEDURE_DEFINITIONS, PROCEDURE_SAMPLES } from '../workflows';
import { startTestApp, type TestApp } from './support/test-app';

interface Schema {
  type?: string;
  properties?: Record<string, Schema & { enum?: string[]; pattern?: string }>;
  required?: string[];
  additionalProperties?: boolean;
  anyOf?: Array<{ $ref: string }>;
}

/**
 * The OpenAPI document describes every payload with the schema generated from its field specs:
 * an integrator learns each opening's and each event's fields, types, bounds and choices there.
 */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: {
    paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: Schema }> } }>>;
    components: { schemas: Record<string, Schema> };
  };
  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.http().get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  const bodyOf = (path: string) => document.paths[path].post.requestBody.content['application/json'].schema;
  const schemaNamed = (ref: string) => document.components.schemas[ref.replace('#/components/schemas/', '')];

  it('offers each procedure’s opening, with its fields, as the body of POST /api/cases', () => {
    const openings = bodyOf('/api/cases').anyOf!.map((ref) => schemaNamed(ref.$ref));
    expect(openings.map((schema) => schema.properties!.procedure.enum)).toEqual(PROCEDURE_DEFINITIONS.map((definition) => [definition.id]));
    const tolerance = schemaNamed('#/components/schemas/tolerance_v1_opening');
    expect(tolerance.required).toEqual(['procedure', 'unitId']);
    expect(tolerance.additionalProperties).toBe(false);
    expect(Object.keys(tolerance.properties!)).toEqual(['procedure', ...Object.keys(PROCEDURE_DEFINITIONS[0].creation.fields)]);
  });

  it('offers every event a person may send, with its fields, as the body of POST /api/cases/{id}/events', () => {
    const names = bodyOf('/api/cases/{id}/events').anyOf!.map((ref) => ref.$ref.replace('#/components/schemas/', ''));
    const expected = PROCEDURE_DEFINITIONS.flatMap((definition) =>
      Object.entries(definition.events)
        .filter(([, spec]) => !spec.roles.every((role) => role === 'system'))
        .map(([type]) => `${definition.id}_v${definition.version}_${type}`),
    );
    expect(names).toEqual(expected);
    const reject = schemaNamed('#/components/schemas/tolerance_v1_REJECT');
    expect(reject.required).toEqual(['type', 'expectedVersion', 'ground', 'reason']);
    expect(reject.properties!.type.enum).toEqual(['REJECT']);
    expect(reject.properties!.ground.enum).toEqual(['outOfScope', 'exclusionEvident', 'duplicate']);
    expect(reject.properties!.reason).toMatchObject({ type: 'string', minLength: 1, maxLength: 2000, pattern: '\\S' });
  });

  it('describes every sample payload the tests send: each key is a property, each required property is given', () => {
    const misfits: string[] = [];
    for (const definition of PROCEDURE_DEFINITIONS) {
      for (const [type, variants] of Object.entries(PROCEDURE_SAMPLES[definition.id].events)) {
        const schema = document.components.schemas[`${definition.id}_v1_${type}`];
        for (const sample of variants) {
          if (sample.actor.role === 'system') continue;
          const body = { type, expectedVersion: 1, ...sample.data };
          const unknown = Object.keys(body).filter((key) => !(key in schema.properties!));
          const missing = (schema.required ?? []).filter((key) => !(key in body));
          if (unknown.length + missing.length > 0) misfits.push(`${definition.id} ${type}: unknown ${unknown} missing ${missing}`);
        }
      }
    }
    expect(misfits).toEqual([]);
  });
});
