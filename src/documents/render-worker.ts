import { parentPort, workerData } from 'node:worker_threads';
import type { DocumentFontPaths } from '../config/document-config';
import { composeDocument, type DocumentInputs } from './document-composer';
import { loadDocumentFonts } from './document-fonts';

/**
 * The rendering thread's side (render-thread.ts starts it): the fonts read once, then one document
 * per message, composed by the same code as on the main thread, so the same inputs give the same
 * bytes wherever they are rendered.
 */
export interface RenderRequest {
  id: number;
  inputs: DocumentInputs;
}

export type RenderReply = { id: number; pdf: Uint8Array; title: string } | { id: number; error: string };

const fonts = loadDocumentFonts((workerData as { fonts: DocumentFontPaths }).fonts);

parentPort!.on('message', (request: RenderRequest) => {
  composeDocument(request.inputs, fonts).then(
    ({ pdf, title }) => {
      // Copied across (150 KB or so): a Buffer may share its memory with others of the pool.
      const reply: RenderReply = { id: request.id, pdf: new Uint8Array(pdf), title };
      parentPort!.postMessage(reply);
    },
    (error: unknown) => parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies RenderReply),
  );
});
