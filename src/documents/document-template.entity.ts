import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A template version saved by the system administrator (version 1 of every kind is the shipped
 * wording in default-templates.ts). Rows are only added: a document names the version it used.
 */
@Entity('document_templates')
export class DocumentTemplateEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  kind: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  source: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;
}
