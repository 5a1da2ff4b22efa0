import { initialsOf, searchTextOf } from './pinyin-initials';

describe('pinyin initials for the pickers', () => {
  it('gives the initials of names, a surname in its surname reading', () => {
    expect(initialsOf('张明', { personal: true })).toBe('zm');
    expect(initialsOf('陈建华', { personal: true })).toBe('cjh');
    expect(initialsOf('单雄信', { personal: true })).toBe('sxx');
    expect(initialsOf('济南市纪委监委')).toBe('jnsjwjw');
  });

  it('keeps what is not Chinese, lower-cased, and the initials an import gave when they differ', () => {
    expect(initialsOf('A 组')).toBe('az');
    expect(searchTextOf('张明', { personal: true })).toBe('张明 zm');
    expect(searchTextOf('曾伟', { personal: true, initials: 'cw' })).toBe('曾伟 zw cw');
  });
});
