import { businessDate, type EarliestDay } from './business-dates';
import { date, text } from './field-builders';
import type { Stamp } from './record';
import type { UnmetCondition } from './rules';

/**
 * 谈心谈话: a talk with the cadre concerned (Qingdao §16: 对受到问责处理的干部、受到诬告错告应予澄清保护的
 * 干部…及时安排谈心谈话), recordable in a tolerance case after a mitigated decision, in correction and
 * in false-accusation cases (issue 19 §3), besides the clarification's own follow-up.
 */
export const talkFields = () => ({
  talkedOn: date('谈话日期', 'Date of the talk', { required: true }),
  talkedWith: text('谈话对象', 'Talked with', { maxLength: 200 }),
  content: text('谈话情况', 'What was said', { required: true, maxLength: 2000 }),
});

export interface TalkRecord extends Stamp {
  talkedOn: string;
  talkedWith?: string;
  content: string;
}

/** A talk took place, and not before the case it is recorded in existed. */
export function talkConditions(data: { talkedOn: string }, at: string, since: EarliestDay): UnmetCondition[] {
  return businessDate(data.talkedOn, at, 'talkedOn', { zh: '谈话日期', en: 'Date of the talk' }, since);
}

export function talkRecord(who: Stamp, data: { talkedOn: string; talkedWith?: string; content: string }): TalkRecord {
  return { ...who, talkedOn: data.talkedOn, ...(data.talkedWith ? { talkedWith: data.talkedWith } : {}), content: data.content };
}
