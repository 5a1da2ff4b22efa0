import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { procedureRegistry } from '../workflows';
import { signedLead } from '../workflows/clarification/clarification.samples';
import { startTestApp, TestClock } from './support/test-app';

describe('reproduction: the calendar cliff at the end of 2026', () => {
  it('a signed report registered on 2026-12-20 is accepted', async () => {
    const t = await startTestApp({ clock: new TestClock(new Date('2026-12-20T02:00:00.000Z')) });
    try {
      const created = await t.http().post('/api/cases').set(await t.as('officer1')).send({ procedure: 'clarification', ...signedLead.data });
      expect(created.status).toBe(201);
    } finally {
      await t.close();
    }
  });

  it('the demo loads on an empty database on 2026-12-28 with 25-working-day local rules', async () => {
    const rules = Object.fromEntries(
      procedureRegistry()
        .all()
        .flatMap((d) => Object.values(d.states).flatMap((s) => (s.deadline?.unit === 'workingDays' ? [[s.deadline.rule, { length: 25, unit: 'workingDays' }]] : []))),
    );
    const file = join(tmpdir(), `rules-25-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(rules));
    const t = await startTestApp({ demoCases: true, env: { DEADLINE_RULES_FILE: file }, clock: new TestClock(new Date('2026-12-28T02:00:00.000Z')) });
    await t.close();
  });
});
