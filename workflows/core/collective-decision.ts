import { date, integer, textList } from './field-builders';
import type { FieldSpecs } from './fields';

/**
 * A committee decides collectively (集体研究): every such decision records the meeting date, who
 * attended and the vote (domain.md §2, committee row). The meeting and its vote are deliberation:
 * the cadre learns the decision, not who voted how (`internal`).
 */
export const collectiveDecisionFields = () =>
  internalFields({
    meetingDate: date('会议日期', 'Meeting date', { required: true }),
    attendees: textList('参会人员', 'Attendees', { required: true, minItems: 1 }),
    votesFor: integer('赞成票', 'Votes for', 0, 99, { required: true }),
    votesAgainst: integer('反对票', 'Votes against', 0, 99, { required: true }),
    votesAbstain: integer('弃权票', 'Abstentions', 0, 99, { required: true }),
  });

const internalFields = <F extends FieldSpecs>(fields: F): F =>
  Object.fromEntries(Object.entries(fields).map(([key, spec]) => [key, { ...spec, internal: true }])) as unknown as F;

export interface CollectiveDecisionRecord {
  meetingDate: string;
  attendees: string[];
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
}

/** A decision stands when the votes add up to the attendees and more than half voted for it. */
export function isValidCollectiveDecision(data: Partial<CollectiveDecisionRecord>): boolean {
  const attendees = data.attendees?.length ?? 0;
  const { votesFor = 0, votesAgainst = 0, votesAbstain = 0 } = data;
  return attendees > 0 && votesFor + votesAgainst + votesAbstain === attendees && votesFor * 2 > attendees;
}
