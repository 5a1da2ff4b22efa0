import { applyEvent, exploreGraph, sampleEvent, startCase, type ProcedureDefinition, type RecordLabel, type RecordLabels } from './core';
import { PROCEDURE_DEFINITIONS, PROCEDURE_SAMPLES } from './index';

/**
 * The pages label a case's record with the labels its procedure's definition carries
 * (`record`, served by `GET /api/procedures`). Every key a machine writes, at every depth, must have
 * one, and every code a record holds (an enum value such as `unforbiddenTrial`) must be named, so
 * no page shows a raw key or code.
 */

/** Every context reached along the explored paths, without what the views leave out (the sealed part, the accuser's account). */
function recordsAlongPaths(definition: ProcedureDefinition): Array<Record<string, unknown>> {
  const samples = PROCEDURE_SAMPLES[definition.id];
  const records: Array<Record<string, unknown>> = [];
  for (const path of exploreGraph(definition, samples).values()) {
    let snapshot = startCase(definition, samples.creations[path.creation]).snapshot;
    records.push(snapshot.context);
    for (const step of path.steps) {
      snapshot = applyEvent(definition, snapshot, sampleEvent(definition, samples, snapshot, step.type, step.sample)).snapshot;
      records.push(snapshot.context);
    }
  }
  return records.map(({ sealed: _sealed, parties, ...shown }) => {
    const { accuserUserId: _accuser, ...visibleParties } = parties as Record<string, unknown>;
    return { parties: visibleParties, ...shown };
  });
}

/** Every code the procedure names somewhere (values of its fields and of its record). */
function knownCodes(definition: ProcedureDefinition): Set<string> {
  const codes = new Set<string>();
  const walkLabels = (labels: RecordLabels | undefined) =>
    Object.values(labels ?? {}).forEach((node) => {
      Object.keys(node.values ?? {}).forEach((code) => codes.add(code));
      walkLabels(node.fields);
    });
  walkLabels(definition.record.fields);
  return codes;
}

const looksLikeCode = (value: string, codes: Set<string>) => /^[a-z]+[A-Z][A-Za-z]*$/.test(value) || codes.has(value);

function unlabelled(definition: ProcedureDefinition, record: Record<string, unknown>): string[] {
  const { common } = definition.record;
  const codes = knownCodes(definition);
  const problems: string[] = [];
  const visit = (node: RecordLabel | undefined, key: string, value: unknown, path: string) => {
    if (Array.isArray(value)) return value.forEach((item, index) => visit(node, key, item, `${path}[${index}]`));
    if (typeof value === 'string') {
      if (key === 'role') return; // the pages name roles themselves
      if (node?.values ? !(value in node.values) : looksLikeCode(value, codes)) problems.push(`${path} = ${value}`);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    // A text kept in both languages (a catalogue situation's wording): the pages show the reader's.
    if (Object.keys(value).sort().join() === 'en,zh') return;
    for (const [inner, innerValue] of Object.entries(value)) {
      if (innerValue === undefined) continue;
      const innerNode = node?.fields?.[inner] ?? common[inner];
      if (!innerNode) problems.push(`${path}.${inner} has no label`);
      else if (!innerNode.label.zh || !innerNode.label.en) problems.push(`${path}.${inner} has an empty label`);
      visit(innerNode, inner, innerValue, `${path}.${inner}`);
    }
  };
  visit({ label: definition.label, fields: definition.record.fields }, '', record, definition.id);
  return problems;
}

describe.each(PROCEDURE_DEFINITIONS.map((definition) => [definition.id, definition] as const))('the record of %s', (_id, definition) => {
  it('has a label for every key and every code it holds, in every state the samples reach', () => {
    const problems = new Set(recordsAlongPaths(definition).flatMap((record) => unlabelled(definition, record)));
    expect([...problems]).toEqual([]);
  });
});

describe('record labels in the field’s own terms (issue 23, item 3)', () => {
  const [tolerance, correction] = PROCEDURE_DEFINITIONS;
  const verification = tolerance.record.fields.verification.fields!;

  it('labels each factor’s analysis 分析 and each distinction’s values, not 受理意见 or the raw codes', () => {
    expect(verification.factors.fields!.motiveAttitude.fields!.note.label.zh).toBe('分析');
    expect(verification.distinctions.fields!.prohibition.fields!.note.label.zh).toBe('分析');
    expect(verification.distinctions.fields!.prohibition.fields!.side.values!.unforbiddenTrial.zh).toBe('上级尚无明确限制的探索性试验中的失误错误');
    expect(verification.distinctions.fields!.purpose.fields!.side.values!.developmentError.zh).toBe('为推动发展的无意过失');
  });

  it('names the findings 核实报告', () => {
    expect(verification.findings.label).toEqual({ zh: '核实报告', en: 'Findings' });
  });

  it('calls a correction’s plan 整改方案 and its review 方案审核, not 澄清方案 and 审理', () => {
    expect(correction.record.fields.plans.label.zh).toBe('整改方案');
    expect(correction.record.fields.plans.fields!.review.label.zh).toBe('方案审核');
  });
});
