import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { DBOS } from '@dbos-inc/dbos-sdk';
import { PostgresDataSource } from '@dbos-inc/postgres-datasource';
import type { HashAlgorithm } from '../../src/config/app-config';
import { actorOf, answerOf, decideCaseEvent, peerTokenKey, UNAUTHENTICATED, type PeerActor, type PeerAnswer, type PeerCase, type Refusal } from './case-event';

/**
 * The DBOS Transact peer: the service's unit of work as a DBOS durable workflow with one
 * transaction step, as DBOS's documentation builds database work ("use datasource transactions
 * for database operations within workflows"): an HTTP handler checks the bearer token and calls
 * the workflow; the workflow runs the transaction through the Postgres.js datasource, which reads
 * the case under a row lock, decides the event with the shared code, writes the case and its one
 * audit record, and records the step's output in the same transaction (exactly once). DBOS
 * checkpoints the workflow itself (its start, inputs and result) in its system database.
 *
 * The tables are the service's own `cases` and `audit_entries`, copied with their indexes into
 * the schema `dbos_peer` of the same filled database, so both store the same rows in the same
 * shapes. Run by bench/peers/dbos-peer.ts with PORT, DATABASE_URL, DBOS_SYSTEM_DATABASE_URL,
 * TOKEN_SECRET and HASH_ALGORITHM; everything else is DBOS's default configuration.
 */
const algorithm = (process.env.HASH_ALGORITHM ?? 'sha256') as HashAlgorithm;
const tokenKey = peerTokenKey(required('TOKEN_SECRET'));
const dataSource = new PostgresDataSource('cases-db', { connection: { application_name: 'dbos-peer' }, ...urlOptions(required('DATABASE_URL')) });

type Outcome = { ok: true; answer: PeerAnswer } | { ok: false; refusal: Refusal };

interface CaseRow {
  id: string;
  procedure: string;
  procedure_version: number;
  state: string;
  status: 'active' | 'done';
  context: string;
  version: number;
  trail_head: string;
  trail_length: number;
}

/** The transaction step: read under lock, decide, write the case and its audit record. */
async function applyInTransaction(caseId: string, body: unknown, actor: PeerActor): Promise<Outcome> {
  const sql = dataSource.client;
  const rows = await sql<CaseRow[]>`
    SELECT id, procedure, procedure_version, state, status, context, version, trail_head, trail_length
    FROM dbos_peer.cases WHERE id = ${caseId} FOR UPDATE`;
  const current = rows.length === 1 ? peerCaseOf(rows[0]) : undefined;
  // Inside the step: its result is checkpointed, so a recovered workflow replays the same time.
  const at = new Date().toISOString();
  const decision = await decideCaseEvent(current, body, actor, at, algorithm);
  if (!decision.ok) return decision;
  const { next, record } = decision;
  await sql`
    INSERT INTO dbos_peer.audit_entries (stream_id, position, case_id, procedure, procedure_version, from_state, event, to_state,
      outcome, refusal_code, actor_id, actor_role, at, reason, data, prev_hash, hash, algorithm)
    VALUES (${record.streamId}, ${record.position}, ${record.caseId}, ${record.procedure}, ${record.procedureVersion}, ${record.fromState},
      ${record.event}, ${record.toState}, ${record.outcome}, ${record.refusalCode}, ${record.actorId}, ${record.actorRole}, ${record.at},
      ${record.reason}, ${JSON.stringify(record.data)}, ${record.prevHash}, ${record.hash}, ${record.algorithm})`;
  await sql`
    UPDATE dbos_peer.cases SET state = ${next.snapshot.value}, status = ${next.snapshot.status}, context = ${JSON.stringify(next.snapshot.context)},
      version = ${next.version}, updated_at = ${at}, trail_head = ${next.trailHead}, trail_length = ${next.trailLength}
    WHERE id = ${caseId}`;
  return { ok: true, answer: answerOf(next) };
}

const applyCaseEventStep = dataSource.registerTransaction(applyInTransaction, { name: 'applyCaseEvent' });

async function caseEventWorkflowFn(caseId: string, body: unknown, actor: PeerActor): Promise<Outcome> {
  return applyCaseEventStep(caseId, body, actor);
}
const caseEventWorkflow = DBOS.registerWorkflow(caseEventWorkflowFn, { name: 'caseEvent' });

const ROUTE = /^\/cases\/([^/]+)\/events$/;

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const match = request.method === 'POST' ? ROUTE.exec(request.url ?? '') : null;
  if (!match) return send(response, 404, { code: 'NOT_FOUND', message: 'No such route' });
  const actor = actorOf(request.headers.authorization, tokenKey, Math.floor(Date.now() / 1000));
  if (!actor) return send(response, UNAUTHENTICATED.status, UNAUTHENTICATED);
  let body: unknown;
  try {
    body = JSON.parse(await readBody(request));
  } catch {
    return send(response, 400, { code: 'REQUEST.INVALID', message: 'The body must be JSON' });
  }
  // An idempotency key becomes the workflow's id: DBOS runs a workflow id once and replays its result.
  const key = request.headers['idempotency-key'];
  const outcome =
    typeof key === 'string'
      ? await (await DBOS.startWorkflow(caseEventWorkflow, { workflowID: `${actor.id}:${key}` })(match[1], body, actor)).getResult()
      : await caseEventWorkflow(match[1], body, actor);
  if (outcome.ok) send(response, 200, outcome.answer);
  else send(response, outcome.refusal.status, outcome.refusal);
}

function peerCaseOf(row: CaseRow): PeerCase {
  return {
    id: row.id,
    procedure: row.procedure,
    procedureVersion: row.procedure_version,
    version: row.version,
    snapshot: { value: row.state, status: row.status, context: JSON.parse(row.context) as Record<string, unknown> },
    trailHead: row.trail_head,
    trailLength: row.trail_length,
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Postgres.js options from a URL (it takes one too, but the application name is set apart). */
function urlOptions(url: string): { host: string; port: number; database: string; username: string; password?: string } {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    database: parsed.pathname.slice(1),
    username: decodeURIComponent(parsed.username),
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  DBOS.setConfig({ name: 'dbos-peer', applicationVersion: '0.1.0', systemDatabaseUrl: required('DBOS_SYSTEM_DATABASE_URL'), logLevel: 'warn' });
  await DBOS.launch();
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { code: 'INTERNAL', message: String(error) }));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(required('PORT')), '127.0.0.1', () => console.log(`dbos peer listening on ${required('PORT')}`));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.close();
      DBOS.shutdown().finally(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
