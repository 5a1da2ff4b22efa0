/**
 * Official documents (issue 20 §2): the fonts the renderer embeds and the address printed in each
 * document's QR code.
 *
 * The faces GB/T 9704-2012 names (仿宋 for the text, 小标宋 for the organ's mark and the title,
 * 宋体 for page numbers) come by default from Debian's fonts-noto-cjk (SIL Open Font License): Noto
 * Serif CJK SC Regular stands in for 仿宋 and 宋体, Noto Serif CJK SC Bold for 小标宋. A deployment
 * with licensed 仿宋_GB2312 / 方正小标宋 sets `DOCUMENT_FONT_FANGSONG`, `DOCUMENT_FONT_XIAOBIAOSONG`,
 * `DOCUMENT_FONT_SONG`: each a path to a .ttf/.otf, or to a .ttc followed by `#` and the face's
 * PostScript name. `DOCUMENT_VERIFY_URL` is the verification page's address as readers reach it
 * (default `http://localhost:<PORT>/app/verify`).
 */
export interface DocumentFontPaths {
  fangsong: string;
  xiaobiaosong: string;
  song: string;
}

export interface DocumentConfig {
  fonts: DocumentFontPaths;
  verifyUrl: string;
}

export const DEFAULT_DOCUMENT_FONTS: DocumentFontPaths = {
  fangsong: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc#NotoSerifCJKsc-Regular',
  xiaobiaosong: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc#NotoSerifCJKsc-Bold',
  song: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc#NotoSerifCJKsc-Regular',
};

export function documentConfig(env: NodeJS.ProcessEnv, port: number): DocumentConfig {
  const verifyUrl = env.DOCUMENT_VERIFY_URL || `http://localhost:${port}/app/verify`;
  if (!/^https?:\/\//.test(verifyUrl)) throw new Error('DOCUMENT_VERIFY_URL must be an http(s) address');
  return {
    fonts: {
      fangsong: env.DOCUMENT_FONT_FANGSONG || DEFAULT_DOCUMENT_FONTS.fangsong,
      xiaobiaosong: env.DOCUMENT_FONT_XIAOBIAOSONG || DEFAULT_DOCUMENT_FONTS.xiaobiaosong,
      song: env.DOCUMENT_FONT_SONG || DEFAULT_DOCUMENT_FONTS.song,
    },
    verifyUrl,
  };
}
