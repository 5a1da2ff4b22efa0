import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';

import type { DocumentFontPaths } from '../config/document-config';

/** A face read once: the file's bytes and, for a collection, the face's PostScript name. */
export interface LoadedFont {
  data: Buffer;
  postscriptName?: string;
}

export type DocumentFonts = Record<keyof DocumentFontPaths, LoadedFont>;

/**
 * Reads each face once (a CJK collection is 20–30 MB: read per document it would dominate the
 * time) and checks that it opens and holds the face named, so a wrong path stops the start with
 * its reason instead of failing the first decision.
 */
export function loadDocumentFonts(paths: DocumentFontPaths): DocumentFonts {
  const load = (role: keyof DocumentFontPaths): LoadedFont => {
    const [file, postscriptName] = paths[role].split('#');
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch (error) {
      throw new Error(
        `document font ${role} (${file}) cannot be read: ${(error as Error).message}. Install fonts-noto-cjk (apt-get install fonts-noto-cjk) or set DOCUMENT_FONT_${role.toUpperCase()}`,
      );
    }
    // Opened the way the renderer will open it: a collection without the face named throws here.
    try {
      const probe = new PDFDocument({ autoFirstPage: false });
      probe.registerFont(role, data, postscriptName);
      probe.font(role);
    } catch (error) {
      throw new Error(`document font ${role}: ${file} has no usable face ${postscriptName ?? ''} (${(error as Error).message})`);
    }
    return { data, postscriptName };
  };
  return { fangsong: load('fangsong'), xiaobiaosong: load('xiaobiaosong'), song: load('song') };
}
