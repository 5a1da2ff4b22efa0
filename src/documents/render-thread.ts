import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { DocumentInputs } from './document-composer';
import type { RenderReply, RenderRequest } from './render-worker';

export interface RenderedDocument {
  pdf: Buffer;
  title: string;
}

let compiledWorker: string | undefined;

/**
 * The thread's program: the build's render-worker.js; when the service runs from its TypeScript
 * sources (ts-node, jest), those compiled once per process into one file with esbuild (as the pages
 * are bundled), the packages left to node_modules: compiling them in the thread with ts-node took
 * seconds per thread on a busy machine. Written under .tmp/ of the checkout so that the packages
 * resolve from there.
 */
function workerScript(): string {
  if (!__filename.endsWith('.ts')) return join(__dirname, 'render-worker.js');
  if (!compiledWorker) {
    const outfile = join(__dirname, '..', '..', '.tmp', 'render-worker', `${process.pid}.js`);
    buildSync({
      entryPoints: [join(__dirname, 'render-worker.ts')],
      outfile,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'cjs',
      logLevel: 'silent',
    });
    compiledWorker = outfile;
  }
  return compiledWorker;
}

/** A thread idle this long is stopped: the font files it read (about 80 MB with the default faces) go back until the next document. */
const IDLE_MS = 60_000;

/**
 * Renders documents on a thread of their own (node:worker_threads). Rendering is CPU-bound
 * (fontkit subsetting the CJK faces, 0.2–2 s a document on this machine) and synchronous once it
 * starts: on the main thread it would stop every request and the SQLite writer for that long,
 * inside a transaction or not. The thread starts with the first document and stops when idle; a
 * thread that dies fails the documents it had and the next one starts a new thread.
 */
@Injectable()
export class RenderThread implements OnModuleDestroy {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (done: RenderedDocument) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private idle: NodeJS.Timeout | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  render(inputs: DocumentInputs): Promise<RenderedDocument> {
    const worker = this.started();
    clearTimeout(this.idle);
    // A document being rendered keeps the process alive; an idle thread does not.
    worker.ref();
    const id = this.nextId++;
    return new Promise<RenderedDocument>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, inputs } satisfies RenderRequest);
    });
  }

  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.idle);
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerScript(), { workerData: { fonts: this.config.documents.fonts } });
    worker.on('message', (reply: RenderReply) => this.settle(reply));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`the document rendering thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle(reply: RenderReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if ('error' in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve({ pdf: Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength), title: reply.title });
    if (this.pending.size === 0) {
      this.worker?.unref();
      this.idle = setTimeout(() => void this.stopIdle(), IDLE_MS).unref();
    }
  }

  private async stopIdle(): Promise<void> {
    if (this.pending.size > 0 || !this.worker) return;
    const worker = this.worker;
    this.worker = undefined;
    await worker.terminate();
  }

  private fail(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = undefined;
    else if (this.worker) return;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
