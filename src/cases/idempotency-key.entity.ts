import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The first answer to a request sent with an Idempotency-Key, replayed for retries. */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'actor_id', type: 'varchar', length: 64 })
  actorId: string;

  @PrimaryColumn({ name: 'key', type: 'varchar', length: 200 })
  key: string;

  /** Hash of method, path and body: the same key with another request is refused. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ name: 'status_code', type: 'integer' })
  statusCode: number;

  @Column({ type: 'text' })
  response: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}
