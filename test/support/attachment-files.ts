import { strToU8, zipSync } from 'fflate';

/** Small files of each kind, as the content check sees them (built here: no binary fixtures in the repository). */
export const FILES = {
  pdf: (text = '申请材料') =>
    Buffer.from(
      `%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n% ${text} ${Math.random()}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
      'latin1',
    ),
  png: () =>
    Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
      'hex',
    ),
  txt: () => Buffer.from('情况说明：2026年3月，因防汛抢险需要，临时调整了采购程序。\n', 'utf8'),
  /** An ELF executable's header, whatever it is named. */
  executable: () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120, 1)]),
  /** A DOCX whose last member inflates to `inflatedBytes` of zeros: stored as it is, never expanded. */
  docxBomb: (inflatedBytes: number) =>
    Buffer.from(
      zipSync({
        '[Content_Types].xml': strToU8(
          '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        ),
        'word/document.xml': strToU8('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'),
        'word/media/bomb.bin': [new Uint8Array(inflatedBytes), { level: 9 }],
      }),
    ),
};
