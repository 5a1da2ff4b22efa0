import { businessDate, type EarliestDay } from './business-dates';
import type { CommitteeRoster, EventFacts } from './facts';
import { date, integer, objectList, shortText, text, textList } from './field-builders';
import type { FieldSpecs } from './fields';
import { unmet, type UnmetCondition } from './rules';

/**
 * A committee decides collectively (集体研究): every such decision records the meeting date, who
 * attended, the vote and every dissent with the member's stated opinion (domain.md §2, committee
 * row; issue 19 §2 — a clearly recorded objection is also what 问责条例 2019 art. 17 accepts as a
 * ground). The attendees are members of the deciding committee as configured for the case's
 * jurisdiction (the engine hands the roster over as `event.facts.committee`), enough of them to
 * make the quorum. The meeting and its vote are deliberation: the cadre learns the decision, not
 * who voted how (`internal`).
 */
export const collectiveDecisionFields = () =>
  internalFields({
    meetingDate: date('会议日期', 'Meeting date', { required: true }),
    attendees: textList('参会委员', 'Members attending', { required: true, minItems: 1 }),
    votesFor: integer('赞成票', 'Votes for', 0, 99, { required: true }),
    votesAgainst: integer('反对票', 'Votes against', 0, 99, { required: true }),
    votesAbstain: integer('弃权票', 'Abstentions', 0, 99, { required: true }),
    dissent: objectList('反对意见(每张反对票逐人记录)', 'Dissent (one entry per vote against)', {
      member: shortText('委员', 'Member', { required: true }),
      opinion: text('本人陈述的意见', 'Opinion as stated', { required: true, maxLength: 2000 }),
    }),
  });

const internalFields = <F extends FieldSpecs>(fields: F): F =>
  Object.fromEntries(Object.entries(fields).map(([key, spec]) => [key, { ...spec, internal: true }])) as unknown as F;

export interface DissentRecord {
  member: string;
  opinion: string;
}

/** The committee a meeting was held under: which configuration, how many members, the quorum. */
export interface CommitteeRecord {
  jurisdiction: string;
  version: number;
  members: number;
  quorum: number;
}

export interface CollectiveDecisionRecord {
  meetingDate: string;
  attendees: string[];
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
  /** Absent on decisions recorded before dissent was (issue 19). */
  dissent?: DissentRecord[];
  committee?: CommitteeRecord;
}

export interface CollectiveDecisionData {
  meetingDate: string;
  attendees: string[];
  votesFor: number;
  votesAgainst: number;
  votesAbstain: number;
  dissent?: DissentRecord[];
}

/** Default quorum: more than half of the members (过半数). */
export const defaultQuorum = (members: number): number => Math.floor(members / 2) + 1;

/**
 * Why a collective decision cannot stand (empty: it can): the committee is configured, every
 * attendee is a member and attends once, the quorum is met, the votes add up to the attendees with
 * a majority for, every vote against has its dissent recorded by an attendee, and the meeting took
 * place neither in the future nor before the case reached the committee.
 */
export function collectiveDecisionConditions(
  data: CollectiveDecisionData,
  facts: EventFacts | undefined,
  when: { at: string; since: EarliestDay },
): UnmetCondition[] {
  const found: UnmetCondition[] = [];
  const roster: CommitteeRoster | null | undefined = facts?.committee;
  const attendees = data.attendees.map((name) => name.trim());
  if (!roster) {
    found.push(
      unmet(
        'committee.notConfigured',
        '本辖区尚未配置委员会组成人员，无法核对参会委员',
        'No committee is configured for this jurisdiction, so the attendees cannot be checked',
        'attendees',
      ),
    );
  } else {
    const strangers = attendees.filter((name) => !roster.members.includes(name));
    if (strangers.length > 0) {
      found.push(
        unmet(
          'committee.notMember',
          `参会人员${strangers.map((name) => `「${name}」`).join('、')}不是本委员会委员`,
          `Not members of the committee: ${strangers.join(', ')}`,
          'attendees',
        ),
      );
    }
    const present = new Set(attendees.filter((name) => roster.members.includes(name)));
    if (present.size < roster.quorum) {
      found.push(
        unmet(
          'committee.quorum',
          `到会委员${present.size}人，未达到法定人数${roster.quorum}人（委员共${roster.members.length}人）`,
          `${present.size} members attended; the quorum is ${roster.quorum} of ${roster.members.length}`,
          'attendees',
        ),
      );
    }
  }
  if (new Set(attendees).size !== attendees.length)
    found.push(unmet('committee.duplicateAttendee', '参会委员名单中有重复的姓名', 'A member is listed twice among the attendees', 'attendees'));
  const { votesFor, votesAgainst, votesAbstain } = data;
  const total = votesFor + votesAgainst + votesAbstain;
  if (votesFor > attendees.length) {
    found.push(
      unmet(
        'votes.forExceedsAttendees',
        `赞成票（${votesFor}）超过参会人数（${attendees.length}）`,
        `Votes for (${votesFor}) exceed the attendees (${attendees.length})`,
        'votesFor',
      ),
    );
  } else if (total !== attendees.length) {
    found.push(
      unmet(
        'votes.total',
        `赞成、反对、弃权票合计${total}票，应等于参会人数${attendees.length}人`,
        `The votes add up to ${total}, not to the ${attendees.length} attendees`,
        'votesFor',
      ),
    );
  }
  if (votesFor * 2 <= attendees.length)
    found.push(
      unmet('votes.noMajority', `赞成票（${votesFor}）未超过参会人数的半数`, `Votes for (${votesFor}) are not more than half of the attendees`, 'votesFor'),
    );
  const dissent = data.dissent ?? [];
  const dissenters = dissent.map((item) => item.member.trim());
  if (dissent.length !== votesAgainst) {
    found.push(
      unmet(
        'dissent.count',
        `反对票${votesAgainst}票，应逐一记录反对委员及其意见（已记录${dissent.length}条）`,
        `${votesAgainst} votes against: record each dissenting member and their opinion (${dissent.length} recorded)`,
        'dissent',
      ),
    );
  }
  const absent = dissenters.filter((name) => !attendees.includes(name));
  if (absent.length > 0)
    found.push(
      unmet(
        'dissent.notAttendee',
        `记录反对意见的${absent.map((name) => `「${name}」`).join('、')}不在参会委员之列`,
        `Dissent recorded for someone not attending: ${absent.join(', ')}`,
        'dissent',
      ),
    );
  if (new Set(dissenters).size !== dissenters.length)
    found.push(unmet('dissent.duplicate', '同一委员的反对意见记录了两次', 'One member’s dissent is recorded twice', 'dissent'));
  found.push(...businessDate(data.meetingDate, when.at, 'meetingDate', { zh: '会议日期', en: 'Meeting date' }, when.since));
  return found;
}

/** What the record keeps of a collective decision: the payload as given, and the committee it was held under. */
export function collectiveDecisionRecord(data: CollectiveDecisionData, facts: EventFacts | undefined): CollectiveDecisionRecord {
  const roster = facts?.committee;
  return {
    meetingDate: data.meetingDate,
    attendees: data.attendees,
    votesFor: data.votesFor,
    votesAgainst: data.votesAgainst,
    votesAbstain: data.votesAbstain,
    dissent: (data.dissent ?? []).map(({ member, opinion }) => ({ member, opinion })),
    ...(roster ? { committee: { jurisdiction: roster.jurisdiction, version: roster.version, members: roster.members.length, quorum: roster.quorum } } : {}),
  };
}
