import { PROCEDURE_SAMPLES } from '../workflows';
import { drivenApp, type PathDriver } from './support/path-driver';
import type { TestApp } from './support/test-app';

const samples = PROCEDURE_SAMPLES.clarification;
const OPENED_AT = '2026-03-02T02:00:00.000Z';

/**
 * The parties' view must not tell a signed report from an anonymous one, nor whether the accuser
 * has an account (domain.md §4, issue 15). Two cases that differ only in that are driven through
 * the same steps at the same times, and what the cadre sees of them is compared field by field.
 * The one difference left is `version`, the count of every step taken (docs/operations.md lists it).
 */
describe("the cadre's view tells nothing about the reporter or the accuser", () => {
  let t: TestApp;
  let driver: PathDriver;
  beforeAll(async () => ({ t, driver } = await drivenApp()));
  afterAll(() => t.close());

  /** One sample step; `sample` picks among the event's samples. */
  const step = (caseId: string, type: string, sample = 0, actor?: { id: string; role: string }) => {
    const chosen = PROCEDURE_SAMPLES[procedureOf(type)].events[type][sample];
    return driver.step(caseId, type, actor ?? chosen.actor, chosen.data, chosen.at);
  };

  const open = async (data: Record<string, unknown>) => {
    t.clock.set(OPENED_AT);
    return (
      await t
        .http()
        .post('/api/cases')
        .set(await t.as('officer1'))
        .send({ procedure: 'clarification', ...data })
        .expect(201)
    ).body.id as string;
  };

  /** The case and timeline as the cadre gets them, without what differs between any two cases. */
  const cadreSees = async (caseId: string, who = 'applicant1') => {
    const headers = await t.as(who);
    // The number, like the id, tells the two cases apart by the order they were opened in, nothing more.
    const { id: _id, caseNo: _caseNo, version: _version, links, ...body } = (await t.http().get(`/api/cases/${caseId}`).set(headers).expect(200)).body;
    // Linked cases without their ids: their states as the cadre sees them.
    const strip = (link?: Record<string, unknown>) => link && { ...link, caseId: 'linked', caseNo: 'linked' };
    const view = { ...body, links: { origin: strip(links.origin), children: links.children.map(strip) } };
    const timeline = (await t.http().get(`/api/cases/${caseId}/trail`).set(headers).expect(200)).body;
    return { view, timeline };
  };

  it('a signed report with a reporter who has an account and an anonymous one look the same to the cadre, step by step', async () => {
    const signed = await open(samples.creations[0].data);
    const anonymous = await open({ ...samples.creations[1].data, summary: samples.creations[0].data.summary, channel: 'letter', receivedOn: '2026-02-27' });
    const registered = [await cadreSees(signed), await cadreSees(anonymous)];
    expect(registered[0]).toEqual(registered[1]);
    expect(registered[0].view).toMatchObject({ state: 'verifying', stateLabel: { zh: '核查中' }, status: 'active', deadlines: [] });
    // The lead's registration is not on the cadre's timeline.
    expect(registered[0].timeline).toEqual([]);

    await step(signed, 'NOTIFY_ACCEPTANCE');
    expect(await cadreSees(signed)).toEqual(await cadreSees(anonymous));
    for (const [type, sample] of [
      ['CONCLUDE_VERIFICATION', 0],
      ['CONSULT_CADRE', 0],
    ] as const) {
      await step(signed, type, sample);
      await step(anonymous, type, sample);
    }
    const consulted = [await cadreSees(signed), await cadreSees(anonymous)];
    expect(consulted[0]).toEqual(consulted[1]);
    // What the cadre needs: the conclusion and the points found untrue, and the clarification offered.
    expect(consulted[0].timeline.map((entry: { event: string; position: number }) => [entry.position, entry.event])).toEqual([
      [1, 'CONCLUDE_VERIFICATION'],
      [2, 'CONSULT_CADRE'],
    ]);
    expect(Object.keys(consulted[0].timeline[0].data).sort()).toEqual(['conclusion', 'untruePoints']);
    expect(consulted[0].view.deadlines).toEqual([expect.objectContaining({ rule: 'clarification.consent' })]);

    for (const [type, sample] of [
      ['ACCEPT_CLARIFICATION', 0],
      ['SUBMIT_PLAN', 0],
      ['APPROVE_PLAN', 0],
      ['RECORD_CLARIFICATION', 0],
      ['RECORD_CONSEQUENCES', 0],
      ['RECORD_FOLLOW_UP', 0],
    ] as const) {
      await step(signed, type, sample);
      await step(anonymous, type, sample);
    }
    // The signed case now owes the reporter the result notice; to the cadre both are closed.
    expect((await driver.view(signed)).state).toBe('notifyingResult');
    const followedUp = [await cadreSees(signed), await cadreSees(anonymous)];
    expect(followedUp[0]).toEqual(followedUp[1]);
    expect(followedUp[0].view).toMatchObject({ state: 'closed', status: 'done', turn: [], allowedEvents: [] });
    expect(followedUp[0].timeline.at(-1)).toMatchObject({ event: 'RECORD_FOLLOW_UP', toState: 'closed' });
    // Nor does the cadre's list tell them apart, beyond the ids.
    const listed = (
      await t
        .http()
        .get('/api/cases?procedure=clarification&pageSize=50')
        .set(await t.as('applicant1'))
        .expect(200)
    ).body.items;
    const strip = ({ id: _id, caseNo: _caseNo, version: _version, ...rest }: Record<string, unknown>) => rest;
    expect(strip(listed.find((item: { id: string }) => item.id === signed))).toEqual(strip(listed.find((item: { id: string }) => item.id === anonymous)));

    for (const seen of [registered, consulted, followedUp].flat()) {
      const text = JSON.stringify(seen);
      for (const telltale of ['实名', 'signed', '[sealed]', 'reporter', 'applicant2', 'awaitingAcceptanceNotice', 'notifyingResult', 'channel', 'receivedOn']) {
        expect([telltale, text.includes(telltale)]).toEqual([telltale, false]);
      }
    }
    // Staff still see the whole case, signature and state included.
    expect(await driver.view(signed)).toMatchObject({ state: 'notifyingResult', data: { lead: { signed: true } } });
  });

  it("in a false-accusation case, the accuser's review request looks the same whether they sent it or an officer recorded it", async () => {
    const withAccount = await falseAccusationCase({ reporterUserId: 'applicant2' });
    const withoutAccount = await falseAccusationCase({});
    const review = PROCEDURE_SAMPLES.falseAccusation.events.REQUEST_REVIEW;
    await driver.step(withAccount, 'REQUEST_REVIEW', { id: 'applicant2', role: 'applicant' }, review[0].data, review[1].at);
    await driver.step(withoutAccount, 'REQUEST_REVIEW', review[1].actor, review[0].data, review[1].at);
    const seen = [await cadreSees(withAccount), await cadreSees(withoutAccount)];
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0].timeline.find((entry: { event: string }) => entry.event === 'REQUEST_REVIEW')).toMatchObject({
      actorRole: 'accuser',
      actorId: null,
      actorLabel: { zh: '被处理人', en: 'Person handled' },
    });
    const text = JSON.stringify(seen);
    for (const telltale of ['applicant2', 'accuserUserId', 'accuserName', 'accuserContact', '[sealed]', 'sealed:'])
      expect([telltale, text.includes(telltale)]).toEqual([telltale, false]);
    // The accuser sees their own request as theirs.
    const own = await cadreSees(withAccount, 'applicant2');
    expect(own.timeline.find((entry: { event: string }) => entry.event === 'REQUEST_REVIEW')).toMatchObject({ actorId: 'applicant2', actorRole: 'accuser' });
    // Staff read the pseudonym where the accuser acted, the officer where an officer did.
    const trail = (
      await t
        .http()
        .get(`/api/cases/${withAccount}/trail`)
        .set(await t.as('officer2'))
        .expect(200)
    ).body;
    expect(trail.find((entry: { event: string }) => entry.event === 'REQUEST_REVIEW')).toMatchObject({
      actorId: 'sealed:accuser',
      actorRole: 'accuser',
      actorLabel: { zh: '被处理人' },
      data: { reason: review[0].data.reason, sealedActor: { commitment: expect.stringMatching(/^[0-9a-f]{64}$/) } },
    });
  });

  /** A signed report found untrue with suspected malice, and its false-accusation case up to the review window. */
  async function falseAccusationCase(reporter: Record<string, unknown>): Promise<string> {
    const { reporterUserId: _user, ...lead } = samples.creations[0].data as Record<string, unknown>;
    const clarification = await open({ ...lead, ...reporter });
    await step(clarification, 'NOTIFY_ACCEPTANCE');
    await step(clarification, 'CONCLUDE_VERIFICATION', 1);
    const child = (await driver.view(clarification)).links.children.find((link: { procedure: string }) => link.procedure === 'falseAccusation').caseId;
    for (const [type, sample] of [
      ['FIND_MALICIOUS', 0],
      ['DECIDE_MEASURES', 0],
      ['RECORD_EXECUTION', 0],
      ['RECORD_EXECUTION', 1],
    ] as const)
      await step(child, type, sample);
    return child;
  }
});

function procedureOf(type: string): string {
  return type in PROCEDURE_SAMPLES.clarification.events ? 'clarification' : 'falseAccusation';
}
