import { condition, DomainError } from '../common/domain-error';

/** The refusals of attachments, each naming its condition in both languages (and the file, where there is one). */
export const attachmentRefusals = {
  tooLarge: (maxBytes: number) => {
    const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
    return new DomainError('ATTACHMENT.TOO_LARGE', `The file is larger than ${mb} MB; nothing was kept`, {
      maxBytes,
      conditions: [
        condition('attachment.tooLarge', `文件超过 ${mb} MB 的上限，未予保存`, `The file is larger than the ${mb} MB limit; nothing was kept`, 'file'),
      ],
    });
  },
  empty: () =>
    new DomainError('ATTACHMENT.INVALID', 'The file is empty', {
      conditions: [condition('attachment.empty', '文件为空，未予保存', 'The file is empty; nothing was kept', 'file')],
    }),
  noFile: () =>
    new DomainError('ATTACHMENT.INVALID', 'Send the file as multipart/form-data in a part named file', {
      conditions: [
        condition(
          'attachment.noFile',
          '请求中没有文件：请以 multipart/form-data 提交，文件字段名为 file',
          'No file in the request: send multipart/form-data with the file in a part named file',
          'file',
        ),
      ],
    }),
  badName: (why: 'separator' | 'control' | 'blank' | 'long') => {
    const text = {
      separator: ['文件名含有路径分隔符（/ 或 \\），请改名后再上传', 'The file name contains a path separator (/ or \\); rename the file and upload again'],
      control: ['文件名含有控制字符，请改名后再上传', 'The file name contains control characters; rename the file and upload again'],
      blank: ['文件名为空，请给文件命名后再上传', 'The file has no name; name it and upload again'],
      long: ['文件名超过 200 个字符，请改短后再上传', 'The file name is longer than 200 characters; shorten it and upload again'],
    }[why];
    return new DomainError('ATTACHMENT.INVALID', text[1], { conditions: [condition(`attachment.name.${why}`, text[0], text[1], 'file')] });
  },
  kindRefused: (allowed: string[], detected: string | undefined) =>
    new DomainError('ATTACHMENT.UNSUPPORTED_TYPE', `The content is ${detected ?? 'of no allowed kind'}; allowed: ${allowed.join(', ')}`, {
      detected: detected ?? null,
      conditions: [
        condition(
          'attachment.kind',
          `文件内容不是允许的类型（按内容判断，与扩展名无关）；允许的类型：${allowed.map((kind) => kind.toUpperCase()).join('、')}`,
          `The file's content is not of an allowed kind (judged by content, not by its name); allowed: ${allowed.map((kind) => kind.toUpperCase()).join(', ')}`,
          'file',
        ),
      ],
    }),
  notFound: (id: string) =>
    new DomainError('ATTACHMENT.NOT_FOUND', `No attachment ${id}`, {
      conditions: [condition('attachment.notFound', '没有这个附件', 'No such attachment')],
    }),
  /** An event cites an upload that does not exist, belongs to another case, or whose content is missing. */
  citationRefused: (cited: string, why: 'missing' | 'otherCase' | 'contentMissing', name?: string) => {
    const label = name ? `“${name}”` : cited;
    const labelEn = name ? `"${name}"` : cited;
    const text = {
      missing: [
        `所引用的附件 ${label} 不存在（可能已因超过一天未被引用而清除），请重新上传`,
        `The cited file ${labelEn} does not exist (an upload no step cited for a day is removed); upload it again`,
      ],
      otherCase: [`所引用的附件 ${label} 不属于本案件`, `The cited file ${labelEn} belongs to no upload of this case`],
      contentMissing: [`所引用的附件 ${label} 的内容不在存储中，请重新上传`, `The content of the cited file ${labelEn} is not in the store; upload it again`],
    }[why];
    return new DomainError('ATTACHMENT.CITATION_REFUSED', text[1], {
      attachment: cited,
      conditions: [condition(`attachment.citation.${why}`, text[0], text[1], 'attachments')],
    });
  },
  citationsInvalid: () =>
    new DomainError('ATTACHMENT.CITATION_REFUSED', 'attachments must be a list of at most 50 attachment ids', {
      conditions: [
        condition(
          'attachment.citation.shape',
          '附件引用须为附件编号的列表，最多 50 个',
          'attachments must be a list of at most 50 attachment ids',
          'attachments',
        ),
      ],
    }),
  needsGrant: () =>
    new DomainError('ATTACHMENT.NEEDS_GRANT', 'This attachment is protected: it is read only under an approved reveal of this case', {
      conditions: [
        condition(
          'attachment.needsGrant',
          '该附件为受保护材料（如检举人的检举信），须经批准查阅身份信息后方可下载',
          'This attachment is protected (e.g. a reporter’s letter): download it under an approved reveal of this case',
        ),
      ],
    }),
  notAllowed: () =>
    new DomainError('ATTACHMENT.NOT_ALLOWED', 'Only case staff and the case’s parties may upload to it', {
      conditions: [
        condition('attachment.notAllowed', '只有承办本案的工作人员和本案当事方可以上传材料', 'Only case staff and the case’s parties may upload to it'),
      ],
    }),
};
