import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { HashAlgorithm } from '../config/app-config';
import type { AttachmentsConfig } from '../config/attachments-config';
import { attachmentRefusals } from './attachment-refusals';
import type { ContentStore } from './content-store';
import { judgeKind, mediaTypeOf, SAMPLE_BYTES, TextCheck } from './file-kinds';
import { displayNameOf } from './file-names';

/** A file received whole, checked and in the store. */
export interface StoredContent {
  digest: string;
  algorithm: HashAlgorithm;
  size: number;
  kind: NonNullable<Awaited<ReturnType<typeof judgeKind>>['kind']>;
  mediaType: string;
  name: string;
}

/** An upload's stream as @fastify/multipart hands it: the bytes, the client's name, and whether the size limit cut it. */
export interface IncomingFile {
  stream: Readable & { truncated?: boolean };
  filename: string | undefined;
}

/**
 * Takes one uploaded file from the request stream to the store without holding it in memory:
 * each chunk is hashed (the trail's algorithm), counted against the limit, kept for the content
 * check (the first 64 KiB, and whether it is all text) and written to a staged file, which is
 * fsynced; only a file that passed every check is moved into the store. A refusal removes the
 * staged file: nothing is kept.
 */
export async function receiveUpload(file: IncomingFile, store: ContentStore, config: AttachmentsConfig, algorithm: HashAlgorithm): Promise<StoredContent> {
  const name = displayNameOf(file.filename);
  await mkdir(store.stagingDirectory(), { recursive: true });
  const staged = join(store.stagingDirectory(), `${randomUUID()}.part`);
  const handle = await open(staged, 'wx');
  const hash = createHash(algorithm);
  const text = new TextCheck();
  const sample: Buffer[] = [];
  let sampled = 0;
  let size = 0;
  let kept = false;
  try {
    try {
      for await (const chunk of file.stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > config.maxBytes) throw attachmentRefusals.tooLarge(config.maxBytes);
        hash.update(chunk);
        text.push(chunk);
        if (sampled < SAMPLE_BYTES) {
          sample.push(chunk.subarray(0, SAMPLE_BYTES - sampled));
          sampled += Math.min(chunk.length, SAMPLE_BYTES - sampled);
        }
        await handle.write(chunk);
      }
      if (file.stream.truncated) throw attachmentRefusals.tooLarge(config.maxBytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (size === 0) throw attachmentRefusals.empty();
    const judged = await judgeKind(Buffer.concat(sample), text.finish());
    if (!judged.kind || !config.allowedKinds.includes(judged.kind)) throw attachmentRefusals.kindRefused(config.allowedKinds, judged.detected);
    const digest = hash.digest('hex');
    await store.put(staged, digest, size);
    kept = true;
    return { digest, algorithm, size, kind: judged.kind, mediaType: mediaTypeOf(judged.kind), name };
  } catch (error) {
    // The rest of the request is read and dropped, so the client gets the answer, not a reset connection.
    file.stream.resume();
    // The size limit reached mid-stream: @fastify/multipart's own error says the same thing.
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw attachmentRefusals.tooLarge(config.maxBytes);
    throw error;
  } finally {
    if (!kept) await rm(staged, { force: true });
  }
}
