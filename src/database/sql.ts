import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

export interface SqlResult {
  rows: Array<Record<string, unknown>>;
  /** Rows an INSERT, UPDATE or DELETE changed. */
  affected: number;
}

const numberedText = new Map<string, string>();

/**
 * Hand-written statements for the few queries every request runs. Building them with TypeORM's
 * query builder cost more CPU than the database took to run them (docs/performance.md, "Where
 * the time goes"), so the hot path writes each once as text with `?` placeholders, rewritten to
 * PostgreSQL's `$1, $2, ...` once per text. SQLite keeps a prepared statement per text.
 * Texts must be constants: values go only through `params`.
 */
export async function runSql(manager: EntityManager, text: string, params: unknown[]): Promise<SqlResult> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(forDriver(manager.connection, text), params, true);
    return { rows: Array.isArray(result.records) ? (result.records as SqlResult['rows']) : [], affected: result.affected ?? 0 };
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

function forDriver(dataSource: DataSource, text: string): string {
  if (dataSource.options.type !== 'postgres') return text;
  let numbered = numberedText.get(text);
  if (numbered === undefined) {
    let index = 0;
    numbered = text.replace(/\?/g, () => `$${++index}`);
    numberedText.set(text, numbered);
  }
  return numbered;
}

/** `FOR UPDATE` where another instance could change the row meanwhile; SQLite's single writer needs none. */
export function forUpdate(manager: EntityManager): string {
  return manager.connection.options.type === 'postgres' ? ' FOR UPDATE' : '';
}

/**
 * Turns raw rows of an entity's table into entities, from TypeORM's own column metadata: the
 * column list of a SELECT and the mapping back can never drift from the entity.
 */
export class RowMapper<T extends ObjectLiteral> {
  private static readonly cache = new WeakMap<DataSource, Map<unknown, RowMapper<ObjectLiteral>>>();

  /** Every column, quoted, for a SELECT list. */
  readonly columns: string;
  readonly table: string;

  private constructor(
    private readonly fields: Array<{ column: string; property: string; boolean: boolean }>,
    table: string,
  ) {
    this.columns = fields.map((field) => `"${field.column}"`).join(', ');
    this.table = `"${table}"`;
  }

  static of<T extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<T>): RowMapper<T> {
    let byEntity = RowMapper.cache.get(dataSource);
    if (!byEntity) RowMapper.cache.set(dataSource, (byEntity = new Map<unknown, RowMapper<ObjectLiteral>>()));
    let mapper = byEntity.get(entity);
    if (!mapper) {
      const metadata = dataSource.getMetadata(entity);
      const fields = metadata.columns.map((column) => ({
        column: column.databaseName,
        property: column.propertyName,
        boolean: column.type === 'boolean' || column.type === Boolean,
      }));
      mapper = new RowMapper(fields, metadata.tableName);
      byEntity.set(entity, mapper);
    }
    return mapper as unknown as RowMapper<T>;
  }

  toEntity(row: Record<string, unknown>): T {
    const entity: Record<string, unknown> = {};
    for (const field of this.fields) {
      const value = row[field.column];
      // SQLite has no boolean: it hands back 0 and 1.
      entity[field.property] = field.boolean && value !== null ? Boolean(value) : value;
    }
    return entity as T;
  }

  /** The entity's values in the order of `columns`, for an INSERT. */
  values(entity: T): unknown[] {
    return this.fields.map((field) => {
      const value = (entity as Record<string, unknown>)[field.property];
      return value === undefined ? null : value;
    });
  }

  placeholders(): string {
    return this.fields.map(() => '?').join(', ');
  }
}
