import { PROCEDURE_SAMPLES } from '../workflows';
import { startTestApp, type TestApp } from './support/test-app';
import { openRawDatabase, testDialect } from './support/test-database';

/**
 * Issue 16, "Done when": malformed requests generated from the OpenAPI document, for every
 * operation it lists — wrong types, missing and unknown fields, 1 MB strings, deep nesting,
 * invalid JSON and UTF-8, wrong content types, lone surrogates, NUL, RTL marks, huge and negative
 * numbers, path parameters like `../` and `%00`, odd Idempotency-Keys. Each request goes as a
 * caller who passes the route's authorization, so it reaches validation.
 *
 * Asserted: no answer is 500 or above, and nothing changed. "Nothing changed" means: every case
 * row's state, status, version and stored snapshot; every account, grant, unit, reveal request,
 * administrator approval, deadline, session, idempotency key and notification; and, per chain, the
 * number of entries that are not refusals. Refused attempts are legitimately recorded (a 404 on a
 * probed id, a stale version on a case's chain), so refusal entries may be added; nothing else.
 *
 * Each request is built so that no single change to it can make it valid and effective: its
 * target does not exist (an unknown account, request or procedure), or it is refused for a reason
 * the mutation does not touch (a stale version, a weak password, a unit that exists). That keeps
 * "an odd but valid value" (an RTL mark in a name) from counting as a change. Deterministic: the
 * generated cases are enumerated, and the mixed ones drawn from a seeded generator.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: 'path' | 'query' | 'header'; schema?: { type?: string } }>;
  bodySchema?: Schema;
}
interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
}
interface Attempt {
  operation: string;
  what: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

const MB = 1024 * 1024;
const HUGE = 'x'.repeat(MB);
/** Values no field takes as they are: wrong types, out of range, unstorable text, or too long. */
const BAD_VALUES: Array<[string, Json]> = [
  ['null', null],
  ['true', true],
  ['an array', []],
  ['an object', {}],
  ['a nested array', [[]]],
  ['a negative number', -1],
  ['a fraction', 1.5],
  ['a huge number', 1e308],
  ['a huge negative number', -1e308],
  // eslint-disable-next-line no-loss-of-precision -- a number past 2^53 is the probe
  ['beyond safe integers', 9007199254740993],
  ['an empty string', ''],
  ['a lone surrogate', 'probe\ud800'],
  ['a low surrogate alone', '\udc00'],
  ['NUL', 'a\u0000b'],
  ['an RTL override in an id', '\u202eevil'],
  ['a path', '../../etc/passwd'],
  ['a percent-encoded NUL', '%00'],
  ['a 1 MB string', HUGE],
];
/** Path parameters as they appear in the address (already encoded). */
const BAD_PATH_VALUES: Array<[string, string]> = [
  ['../', '..%2F..%2Fetc%2Fpasswd'],
  ['..', '..'],
  ['%00', '%00'],
  ['NUL inside', 'a%00b'],
  ['an RTL mark', '%E2%80%AE'],
  ['a lone surrogate as UTF-8', '%ED%A0%80'],
  ['an invalid encoding', '%FF'],
  ['a negative number', '-1'],
  ['a huge number', '1e308'],
  ['5 000 characters', 'x'.repeat(5000)],
];
const BAD_QUERY_VALUES: Array<[string, string]> = [
  ['%00', '%00'],
  ['a lone surrogate as UTF-8', '%ED%A0%80'],
  ['an RTL mark', '%E2%80%AE'],
  ['a negative number', '-1'],
  ['a huge number', '1e308'],
  ['a fraction', '1.5'],
  ['an empty value', ''],
  ['a 1 MB value', 'x'.repeat(MB)],
];
const BAD_KEYS: Array<[string, string]> = [
  ['a 5 000-character Idempotency-Key', 'k'.repeat(5000)],
  ['an Idempotency-Key with spaces', 'a key with spaces'],
];

describe(`malformed requests generated from the OpenAPI document (${testDialect()})`, () => {
  let t: TestApp;
  let tolerance: string;
  let clarification: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const officer = await t.as('officer1');
    const exOfficio = PROCEDURE_SAMPLES.tolerance.creations.find((c) => c.actor.role === 'officer')!.data;
    tolerance = (
      await t
        .http()
        .post('/api/cases')
        .set(officer)
        .send({ procedure: 'tolerance', ...exOfficio })
        .expect(201)
    ).body.id;
    const lead = PROCEDURE_SAMPLES.clarification.creations.find((c) => c.actor.role === 'officer')!.data;
    clarification = (
      await t
        .http()
        .post('/api/cases')
        .set(officer)
        .send({ procedure: 'clarification', ...lead })
        .expect(201)
    ).body.id;
    await t.http().post(`/api/cases/${clarification}/reveals`).set(officer).send({ reason: '核实线索需要' }).expect(201);
    for (const user of ['officer1', 'leader1', 'auditor1', 'sysadmin1', 'secadmin1']) tokens[user] = (await t.as(user)).Authorization;
  }, 60_000);
  afterAll(() => t.close());

  it('answers every malformed request below 500 and changes nothing', async () => {
    const document = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { schemas: Record<string, Schema> };
    };
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(25);
    const attempts = operations.flatMap((operation) => attemptsFor(operation, document.components.schemas, context()));
    attempts.push(...mixedAttempts(operations, document.components.schemas, context(), 150));
    const before = await snapshot(t);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const accepted: string[] = [];
    for (const attempt of attempts) {
      const response = await t.app.inject({ method: attempt.method as 'GET', url: attempt.url, headers: attempt.headers, payload: attempt.payload });
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      if (attempt.method !== 'GET' && response.statusCode < 400) accepted.push(`${attempt.operation} with ${attempt.what}: ${response.statusCode}`);
      if (response.statusCode >= 500) failures.push(`${attempt.operation} with ${attempt.what}: ${response.statusCode} ${response.body.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot(t)).toEqual(before);
    // Every request that could change something was refused (a GET with an odd but valid filter may answer 200).
    expect(accepted).toEqual([]);
    expect(attempts.length).toBeGreaterThan(1000);
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
          .expect(200)
      ).body.ok,
    ).toBe(true);
  }, 120_000);

  /** The ids the operations' paths take, and who may call each one. */
  function context(): FuzzContext {
    return {
      pathValue: (path, name) => {
        // A reveal request to a case that does not exist: a valid reason would otherwise open one.
        if (name === 'id' && path.startsWith('/api/cases/{id}/reveals')) return randomUUIDFixed(1);
        if (name === 'id' && path.startsWith('/api/cases/')) return tolerance;
        if (name === 'id' && path.startsWith('/api/procedures/')) return 'tolerance';
        if (name === 'version') return '1';
        if (name === 'id') return 'fuzz-nobody';
        return randomUUIDFixed(2);
      },
      caller: (method, path) => {
        if (path === '/api/auth/login' || path === '/api/health' || path === '/api/ready') return undefined;
        if (path.startsWith('/api/admin/users/{id}/roles') || path.startsWith('/api/admin/approvals/')) return tokens.secadmin1;
        if (path.startsWith('/api/admin/')) return tokens.sysadmin1;
        if (path.startsWith('/api/audit/')) return tokens.auditor1;
        if (path.startsWith('/api/reveals/{revealId}/decision')) return tokens.leader1;
        return tokens.officer1;
      },
    };
  }
});

interface FuzzContext {
  pathValue: (path: string, name: string) => string;
  caller: (method: string, path: string) => string | undefined;
}

/** Fixed ids that name nothing, so runs are the same every time. */
function randomUUIDFixed(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function operationsOf(document: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, spec]) => ({
      method: method.toUpperCase(),
      path,
      parameters: (spec.parameters as Operation['parameters']) ?? [],
      bodySchema: (spec.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content?.['application/json']?.schema,
    })),
  );
}

function resolve(schema: Schema, schemas: Record<string, Schema>): Schema {
  return schema.$ref ? resolve(schemas[schema.$ref.split('/').pop()!], schemas) : schema;
}

/**
 * A body of the declared shape that still cannot take effect: refused for a reason no change to
 * one of its values removes (see the file's comment), or aimed at something that does not exist.
 */
function baseBody(operation: Operation, schemas: Record<string, Schema>): Record<string, Json> {
  const key = `${operation.method} ${operation.path}`;
  const special: Record<string, Record<string, Json>> = {
    'POST /api/cases': { procedure: 'fuzz-procedure' },
    'POST /api/cases/{id}/events': { type: 'ACCEPT', expectedVersion: 999 },
    'POST /api/admin/users': { id: 'officer1', displayName: '已存在的账户', password: 'weak' },
    'POST /api/admin/units': { id: 'unit-jinan-dev', name: '已登记的单位', jurisdiction: 'jinan' },
    // An existing id and a short name already taken; an existing cadre id in a unit that does not exist.
    'POST /api/admin/bodies': { id: 'jinan', name: '已登记的机关', shortName: '济' },
    'POST /api/admin/cadres': { id: 'applicant1', name: '已登记的干部', unitId: 'no-such-unit' },
    'POST /api/auth/login': { username: 'fuzz-nobody', password: 'fuzz-password' },
    'POST /api/auth/password': { currentPassword: 'not-the-password', newPassword: 'weak' },
  };
  if (special[key]) return special[key];
  const schema = resolve(operation.bodySchema!, schemas);
  return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, sampleValue(resolve(property, schemas), schemas)]));
}

function sampleValue(schema: Schema, schemas: Record<string, Schema>): Json {
  if (schema.enum) return schema.enum[0] as Json;
  if (schema.type === 'boolean') return false;
  if (schema.type === 'integer' || schema.type === 'number') return 2;
  if (schema.type === 'array') return [sampleValue(resolve(schema.items ?? {}, schemas), schemas)];
  if (schema.type === 'object' || schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, sampleValue(resolve(property, schemas), schemas)]));
  }
  return 'fuzz-text';
}

function attemptsFor(operation: Operation, schemas: Record<string, Schema>, context: FuzzContext): Attempt[] {
  const name = `${operation.method} ${operation.path}`;
  const token = context.caller(operation.method, operation.path);
  const auth: Record<string, string> = token ? { authorization: token } : {};
  const pathNames = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const urlWith = (overrides: Record<string, string> = {}, query = '') =>
    operation.path.replace(/\{(\w+)\}/g, (_, param: string) => overrides[param] ?? encodeURIComponent(context.pathValue(operation.path, param))) + query;
  const attempts: Attempt[] = [];
  const json = (what: string, body: unknown, extra: Record<string, string> = {}, url = urlWith()): Attempt => ({
    operation: name,
    what,
    method: operation.method,
    url,
    headers: { ...auth, 'content-type': 'application/json', ...extra },
    payload: JSON.stringify(body),
  });
  const base = operation.bodySchema ? baseBody(operation, schemas) : undefined;

  // Path parameters.
  for (const param of pathNames) {
    for (const [what, value] of BAD_PATH_VALUES) {
      const url = urlWith({ [param]: value });
      attempts.push(
        base
          ? json(`path ${param} = ${what}`, base, {}, url)
          : { operation: name, what: `path ${param} = ${what}`, method: operation.method, url, headers: auth },
      );
    }
  }
  // Query parameters, and one the route does not declare.
  for (const param of operation.parameters.filter((p) => p.in === 'query')) {
    for (const [what, value] of BAD_QUERY_VALUES) {
      attempts.push({
        operation: name,
        what: `query ${param.name} = ${what}`,
        method: operation.method,
        url: urlWith({}, `?${param.name}=${value}`),
        headers: auth,
      });
    }
    attempts.push({
      operation: name,
      what: `query ${param.name} twice`,
      method: operation.method,
      url: urlWith({}, `?${param.name}=a&${param.name}=b`),
      headers: auth,
    });
  }
  if (operation.method === 'GET')
    attempts.push({ operation: name, what: 'an undeclared query parameter with NUL', method: 'GET', url: urlWith({}, '?fuzz=%00'), headers: auth });
  // Header parameters (Idempotency-Key).
  if (operation.parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key') && base) {
    for (const [what, value] of BAD_KEYS) attempts.push(json(what, base, { 'idempotency-key': value }));
  }
  // Bodies: the whole body malformed, for every operation (a route without a body refuses them before its handler too).
  const raw = (what: string, payload: string | Buffer, contentType = 'application/json'): Attempt => ({
    operation: name,
    what,
    method: operation.method,
    url: urlWith(),
    headers: { ...auth, 'content-type': contentType },
    payload,
  });
  if (operation.method !== 'GET') {
    attempts.push(raw('invalid JSON', '{"a":'));
    attempts.push(raw('an empty JSON body', ''));
    attempts.push(raw('JSON with a trailing comma', '{"a":1,}'));
    attempts.push(raw('5 000 nested objects', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`));
    attempts.push(raw('10 000 nested arrays', `${'['.repeat(10000)}${']'.repeat(10000)}`));
    attempts.push(raw('invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])));
    attempts.push(raw('a 1 MB body', JSON.stringify({ a: HUGE })));
    attempts.push(raw('text/plain', 'username=x', 'text/plain'));
    attempts.push(raw('a form', 'username=x&password=y', 'application/x-www-form-urlencoded'));
    attempts.push(raw('multipart', '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--b--', 'multipart/form-data; boundary=b'));
    attempts.push(raw('a __proto__ key', '{"__proto__":{"polluted":true}}'));
  }
  if (!base) return attempts;
  // Bodies of the declared shape with one thing wrong.
  for (const [what, body] of [
    ['an array', [base]],
    ['null', null],
    ['a string', 'text'],
    ['a number', 42],
  ] as Array<[string, Json]>)
    attempts.push(json(`the body as ${what}`, body));
  attempts.push(json('an unknown field', { ...base, fuzzUnknownField: 1 }));
  attempts.push(json('an unknown field named with a lone surrogate', { ...base, ['\ud800']: 1 }));
  for (const field of Object.keys(base)) {
    const { [field]: _dropped, ...without } = base;
    attempts.push(json(`${field} missing`, without));
    for (const [what, value] of BAD_VALUES) attempts.push(json(`${field} = ${what}`, { ...base, [field]: value }));
    const inner = base[field];
    if (Array.isArray(inner) && inner.length > 0 && inner[0] && typeof inner[0] === 'object') {
      for (const innerField of Object.keys(inner[0] as Record<string, Json>)) {
        for (const [what, value] of BAD_VALUES)
          attempts.push(json(`${field}[0].${innerField} = ${what}`, { ...base, [field]: [{ ...(inner[0] as Record<string, Json>), [innerField]: value }] }));
      }
    }
  }
  return attempts;
}

/** Requests with several things wrong at once, drawn from a seeded generator. */
function mixedAttempts(operations: Operation[], schemas: Record<string, Schema>, context: FuzzContext, count: number): Attempt[] {
  const random = seeded(16);
  const withBodies = operations.filter((operation) => operation.bodySchema);
  const attempts: Attempt[] = [];
  for (let i = 0; i < count; i += 1) {
    const operation = withBodies[Math.floor(random() * withBodies.length)];
    const base = baseBody(operation, schemas);
    const body: Record<string, Json> = { ...base };
    const fields = Object.keys(base);
    for (let n = 0; n < 2; n += 1) {
      const field = fields[Math.floor(random() * fields.length)] ?? `extra${n}`;
      const [, value] = BAD_VALUES[Math.floor(random() * (BAD_VALUES.length - 1))];
      body[field] = value;
    }
    const token = context.caller(operation.method, operation.path);
    attempts.push({
      operation: `${operation.method} ${operation.path}`,
      what: `mixed #${i}: ${JSON.stringify(body).slice(0, 120)}`,
      method: operation.method,
      url: operation.path.replace(/\{(\w+)\}/g, (_, param: string) => encodeURIComponent(context.pathValue(operation.path, param))),
      headers: { ...(token ? { authorization: token } : {}), 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
  }
  return attempts;
}

/** A small deterministic generator (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Everything a request could change, except refusal entries (see the file's comment). */
async function snapshot(t: TestApp): Promise<Record<string, unknown>> {
  const db = await openRawDatabase(t.dbPath);
  try {
    const query = (sql: string) => db.query(sql);
    return {
      cases: await query('SELECT id, state, status, version, context, cadre_id, unit_id, jurisdiction, state_entered_at FROM cases ORDER BY id'),
      // Refused attempts and reads on the record (audit-reads: the auditor's searches) are recorded by design.
      applied: await query("SELECT stream_id, COUNT(*) AS n FROM audit_entries WHERE outcome NOT IN ('refused', 'read') GROUP BY stream_id ORDER BY stream_id"),
      users: await query('SELECT * FROM users ORDER BY id'),
      roles: await query('SELECT * FROM user_roles ORDER BY user_id, role, scope'),
      units: await query('SELECT * FROM units ORDER BY id'),
      reveals: await query('SELECT * FROM identity_reveals ORDER BY id'),
      approvals: await query('SELECT * FROM admin_approvals ORDER BY id'),
      deadlines: await query('SELECT id, status, due_at, claimed_by FROM deadlines ORDER BY id'),
      sessions: await query('SELECT id, revoked_at FROM sessions ORDER BY id'),
      keys: await query('SELECT actor_id, key FROM idempotency_keys ORDER BY actor_id, key'),
      notifications: await query('SELECT COUNT(*) AS n FROM notifications'),
    };
  } finally {
    await db.close();
  }
}
