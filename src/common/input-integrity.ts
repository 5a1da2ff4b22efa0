import { condition, DomainError } from './domain-error';

/**
 * How deep a request body may nest objects and arrays. The deepest payload a procedure takes (a
 * repeatable group holding a list) nests four levels; thousands of levels only ever come from an
 * attack, and they exhausted the validator's stack (a 500 on every route, login included).
 */
export const MAX_JSON_DEPTH = 32;

export type InputProblemKind = 'notWellFormed' | 'nul' | 'tooDeep';

/** Where a request carries a value: its JSON body, its query string or its path. */
export type InputPart = 'body' | 'query' | 'path';

export interface InputProblem {
  kind: InputProblemKind;
  part: InputPart;
  /** JSON path of the value (`roles[0].scope`), or the name of the query or path parameter; empty for the whole body. */
  path: string;
}

/**
 * The first value of a request that no database can store as it was sent: text that is not
 * well-formed Unicode (a lone UTF-16 surrogate: SQLite writes it as bytes that read back as
 * U+FFFD, PostgreSQL's driver replaces it before sending), or a NUL character (PostgreSQL refuses
 * it in text). Either would make what is stored, and so what a trail entry's hash is recomputed
 * from, differ from what was hashed. Keys are checked as well as values, and nesting deeper than
 * MAX_JSON_DEPTH is refused before anything walks the value recursively.
 */
export function findInputProblem(value: unknown, part: InputPart, path = ''): InputProblem | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      const kind = textProblem(item.value);
      if (kind) return { kind, part, path: item.path };
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    const depth = item.depth + 1;
    if (depth > MAX_JSON_DEPTH) return { kind: 'tooDeep', part, path: item.path };
    if (Array.isArray(item.value)) {
      for (let index = item.value.length - 1; index >= 0; index -= 1) stack.push({ value: item.value[index], path: `${item.path}[${index}]`, depth });
      continue;
    }
    const keys = Object.keys(item.value);
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      const key = keys[index];
      const keyPath = item.path ? `${item.path}.${printable(key)}` : printable(key);
      const kind = textProblem(key);
      if (kind) return { kind, part, path: keyPath };
      stack.push({ value: (item.value as Record<string, unknown>)[key], path: keyPath, depth });
    }
  }
  return undefined;
}

/** Why a string cannot be stored and read back unchanged, if it cannot. */
export function textProblem(text: string): Exclude<InputProblemKind, 'tooDeep'> | undefined {
  if (!text.isWellFormed()) return 'notWellFormed';
  if (text.includes('\u0000')) return 'nul';
  return undefined;
}

/** A name safe to echo in an answer: the offending characters made visible. */
export function printable(text: string): string {
  return (
    text
      .toWellFormed()
      // eslint-disable-next-line no-control-regex -- the NUL character is what this makes visible
      .replace(/\u0000/g, '\\u0000')
      .slice(0, 200)
  );
}

const PART_ZH: Record<InputPart, string> = { body: '请求内容中的', query: '查询参数', path: '路径参数' };
const PART_EN: Record<InputPart, string> = { body: 'the body field', query: 'the query parameter', path: 'the path parameter' };

/** 400 naming the value and what is wrong with it, in both languages. */
export function inputRefusal(problem: InputProblem): DomainError {
  const where = problem.path || (problem.part === 'body' ? '(body)' : '');
  if (problem.kind === 'tooDeep') {
    return new DomainError('REQUEST.INVALID', `The JSON body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels (at ${where})`, {
      fields: [{ field: where, messages: [`nests deeper than ${MAX_JSON_DEPTH} levels`] }],
      conditions: [
        condition(
          'input.tooDeep',
          `请求内容的嵌套层数超过 ${MAX_JSON_DEPTH} 层（位于 ${where}）`,
          `The JSON body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels (at ${where})`,
          where,
        ),
      ],
    });
  }
  const zhLabel = `${PART_ZH[problem.part]}“${where}”`;
  const enLabel = `${PART_EN[problem.part]} ${where}`;
  const [zh, en] =
    problem.kind === 'nul'
      ? [`${zhLabel}含有空字符（U+0000），无法保存`, `${enLabel} contains a NUL character (U+0000), which cannot be stored`]
      : [`${zhLabel}含有不成对的代理字符，不是有效的 Unicode 文本`, `${enLabel} is not well-formed Unicode text (it holds a lone surrogate)`];
  return new DomainError('REQUEST.INVALID', en, {
    fields: [{ field: where, messages: [en] }],
    conditions: [condition(`input.${problem.kind}`, zh, en, where)],
  });
}
