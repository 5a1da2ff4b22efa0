import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { loadDocumentFonts } from './document-fonts';

export const DOCUMENT_FONTS = Symbol('DOCUMENT_FONTS');

/** The fonts, read once at start-up: a missing font stops the start with its reason (document-fonts.ts). */
export const documentFontsProvider: Provider = {
  provide: DOCUMENT_FONTS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => loadDocumentFonts(config.documents.fonts),
};
