import type { OpenAPIObject } from '@nestjs/swagger';
import { jsonSchemaOf, type FieldSpecs, type JsonSchema, type ProcedureDefinition, type ProcedureRegistry } from '../../workflows/core';

/**
 * Writes each payload's schema into the OpenAPI document, generated from the same field specs as
 * the validation: the body of `POST /api/cases` is one of the latest versions' openings, the body
 * of `POST /api/cases/{id}/events` one of the events of any registered version (a case keeps the
 * version it started on). `anyOf`, not `oneOf`: two procedures may share an event type whose
 * payload is empty.
 */
export function describeProcedurePayloads(document: OpenAPIObject, registry: ProcedureRegistry): void {
  const schemas: Record<string, JsonSchema> = {};
  const openings: string[] = [];
  const events: string[] = [];
  for (const definition of registry.all()) {
    const latest = registry.latest(definition.id) === definition;
    if (latest) {
      const name = `${definition.id}_v${definition.version}_opening`;
      schemas[name] = bodySchema(
        definition,
        definition.creation.label.en,
        { procedure: { type: 'string', enum: [definition.id] } },
        definition.creation.fields,
      );
      openings.push(name);
    }
    for (const [type, spec] of Object.entries(definition.events)) {
      if (spec.roles.length === 1 && spec.roles[0] === 'system') continue; // only the service sends these
      const name = `${definition.id}_v${definition.version}_${type}`;
      const envelope = { type: { type: 'string' as const, enum: [type] }, expectedVersion: { type: 'integer' as const } };
      schemas[name] = bodySchema(definition, spec.label.en, envelope, spec.fields, CITATIONS);
      events.push(name);
    }
  }
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...(schemas as Record<string, object>) } };
  setRequestBody(document, '/api/cases', openings);
  setRequestBody(document, '/api/cases/{id}/events', events);
}

/** Any event may cite files uploaded to its case just before it (src/attachments): their ids. */
const CITATIONS: Record<string, JsonSchema> = {
  attachments: {
    type: 'array',
    description: 'Ids of files uploaded to this case (POST /api/cases/{id}/attachments) that the event cites; the trail entry records their digests',
    items: { type: 'string', format: 'uuid' },
    maxItems: 50,
    uniqueItems: true,
  },
};

/** The payload's fields with the request's own keys (procedure, or type and expectedVersion) in front, and optional ones after. */
function bodySchema(
  definition: ProcedureDefinition,
  title: string,
  envelope: Record<string, JsonSchema>,
  fields: FieldSpecs,
  optional: Record<string, JsonSchema> = {},
): JsonSchema {
  const payload = jsonSchemaOf(fields);
  return {
    type: 'object',
    description: `${definition.label.zh} / ${definition.label.en} v${definition.version}: ${title}`,
    properties: { ...envelope, ...payload.properties, ...optional },
    required: [...Object.keys(envelope), ...(payload.required ?? [])],
    additionalProperties: false,
  };
}

function setRequestBody(document: OpenAPIObject, path: string, names: string[]): void {
  const operation = document.paths[path]?.post;
  if (!operation) throw new Error(`the OpenAPI document has no POST ${path}`);
  operation.requestBody = {
    required: true,
    content: { 'application/json': { schema: { anyOf: names.map((name) => ({ $ref: `#/components/schemas/${name}` })) } } },
  };
}
