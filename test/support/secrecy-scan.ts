import type { LoggerService } from '@nestjs/common';

/** Keeps every line the service logs, at every level. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown, ...rest: unknown[]): void {
    this.keep('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.keep('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.keep('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.keep('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.keep('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.keep('fatal', message, rest);
  }
  private keep(level: string, message: unknown, rest: unknown[]): void {
    this.lines.push([level, ...[message, ...rest].map((part) => (typeof part === 'string' ? part : (JSON.stringify(part) ?? String(part))))].join(' '));
  }
}

/** What must not leak: the sealed values, and each protected account with the cases it is protected in. */
export interface Secrets {
  values: Set<string>;
  accounts: Map<string, Set<string>>;
}

export interface Finding {
  where: string;
  path: string;
  found: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_IN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const NON_CASE_STREAMS = new Set(['security', 'admin', 'audit-reads']);

/** An account id as a whole word: `applicant2` is not inside `applicant20`. */
function mentions(text: string, account: string): boolean {
  const escaped = account.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9._-])${escaped}($|[^A-Za-z0-9._-])`).test(text);
}

/**
 * Every place in one answer where a secret shows.
 * - A sealed value (a name, a contact) may show nowhere at all.
 * - A protected account may not show in connection with a case it is protected in: inside an
 *   object that belongs to such a case (a trail entry, a case view, a notification, a read record)
 *   or anywhere in an answer about such a case. Elsewhere the same account is an ordinary user (a
 *   staff member who reported someone still works on other cases under their own name); an entry
 *   of the security or admin chain that names no case links the account to none.
 * `context` is the case the answer is about (from its URL), if any.
 */
export function scanAnswer(where: string, body: string, secrets: Secrets, context: string | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const value of secrets.values) if (body.includes(value)) findings.push({ where, path: '(body)', found: value });
  if (![...secrets.accounts.keys()].some((account) => mentions(body, account))) return findings;
  const documents = parseDocuments(body);
  if (!documents) {
    for (const account of secrets.accounts.keys()) if (mentions(body, account)) findings.push({ where, path: '(text)', found: account });
    return findings;
  }
  documents.forEach((document, index) =>
    walk(document, documents.length > 1 ? `line ${index + 1} $` : '$', context ? [context] : [], false, (path, text, cases, unlinked) => {
      for (const [account, protectedIn] of secrets.accounts) {
        if (!mentions(text, account)) continue;
        if (cases.some((id) => protectedIn.has(id)) || (cases.length === 0 && !unlinked)) findings.push({ where, path, found: account });
      }
    }),
  );
  return findings;
}

function parseDocuments(body: string): unknown[] | undefined {
  try {
    return [JSON.parse(body)];
  } catch {
    try {
      return body
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
    } catch {
      return undefined;
    }
  }
}

/** The cases an object belongs to: its case, its stream, its id when it is a case, the cases its data names. */
function casesOf(value: Record<string, unknown>): { cases: string[]; unlinked: boolean } {
  const cases: string[] = [];
  const add = (candidate: unknown) => typeof candidate === 'string' && UUID.test(candidate) && cases.push(candidate);
  add(value.caseId);
  add(value.streamId);
  if (typeof value.procedure === 'string') add(value.id);
  const data = value.data as Record<string, unknown> | undefined;
  if (data && typeof data === 'object') {
    add(data.caseId);
    add(data.attemptedCaseId);
    if (typeof data.path === 'string') cases.push(...(data.path.match(UUID_IN) ?? []));
  }
  const unlinked = typeof value.streamId === 'string' && NON_CASE_STREAMS.has(value.streamId) && cases.length === 0;
  return { cases, unlinked };
}

function walk(
  value: unknown,
  path: string,
  cases: string[],
  unlinked: boolean,
  visit: (path: string, text: string, cases: string[], unlinked: boolean) => void,
): void {
  if (typeof value === 'string') return visit(path, value, cases, unlinked);
  if (Array.isArray(value)) return value.forEach((item, index) => walk(item, `${path}[${index}]`, cases, unlinked, visit));
  if (value && typeof value === 'object') {
    const own = casesOf(value as Record<string, unknown>);
    const inner = own.cases.length > 0 ? [...cases, ...own.cases] : cases;
    for (const [key, item] of Object.entries(value)) {
      visit(`${path}.${key} (key)`, key, inner, unlinked || own.unlinked);
      walk(item, `${path}.${key}`, inner, unlinked || own.unlinked, visit);
    }
  }
}
