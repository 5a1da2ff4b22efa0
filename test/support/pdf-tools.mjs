// PDF text and page images for tests and docs, through mupdf (ESM, so run as a child process:
// ts-jest cannot load it). Usage:
//   node test/support/pdf-tools.mjs text <file.pdf>            → the text of every page on stdout
//   node test/support/pdf-tools.mjs png <file.pdf> <out.png> [page] [dpi]
import { readFileSync, writeFileSync } from 'node:fs';
import * as mupdf from 'mupdf';

const [command, file, out, pageArg, dpiArg] = process.argv.slice(2);
const document = mupdf.Document.openDocument(readFileSync(file), 'application/pdf');
if (command === 'text') {
  const pages = [];
  for (let index = 0; index < document.countPages(); index += 1) pages.push(document.loadPage(index).toStructuredText().asText());
  process.stdout.write(JSON.stringify({ pages: document.countPages(), text: pages.join('\n') }));
} else if (command === 'png') {
  const page = document.loadPage(Number(pageArg ?? 0));
  const scale = Number(dpiArg ?? 110) / 72;
  const pixmap = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false, true);
  writeFileSync(out, pixmap.asPNG());
} else {
  process.stderr.write('usage: pdf-tools.mjs text <file.pdf> | png <file.pdf> <out.png> [page] [dpi]\n');
  process.exit(2);
}
