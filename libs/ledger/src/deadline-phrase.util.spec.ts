import { parseDeadline } from './deadline-phrase.util.js';

const TODAY = '2025-03-03';
const dateOf = (value: Parameters<typeof parseDeadline>[0]) => {
  const d = parseDeadline(value, TODAY);
  return d.kind === 'date' ? d.date : d.kind;
};

describe('整改时限 phrases', () => {
  it.each([
    ['2025年6月底前', '2025-06-30'],
    ['2025年2月底前', '2025-02-28'],
    ['２０２５年６月底前', '2025-06-30'],
    ['2025年底前', '2025-12-31'],
    ['2025年年底前', '2025-12-31'],
    ['年底前', '2025-12-31'],
    ['2026年上半年', '2026-06-30'],
    ['2025年第三季度', '2025-09-30'],
    ['2025-06-30', '2025-06-30'],
    ['2025/6/30', '2025-06-30'],
    ['2025.6.30', '2025-06-30'],
    ['2025年9月30日前完成', '2025-09-30'],
    ['长期坚持', '2025-12-31'],
    ['立行立改', 'workingDays'],
    [45930, '2025-09-30'],
    [20250630, '2025-06-30'],
    [new Date(Date.UTC(2025, 11, 31)), '2025-12-31'],
    [null, 'default'],
    ['尽快', 'error'],
    ['2025年13月底前', 'error'],
    ['2025-02-30', 'error'],
    [12.5, 'error'],
  ])('%s → %s', (value, expected) => {
    expect(dateOf(value as never)).toBe(expected);
  });

  it('says what a phrase means, in words a clerk reads in the dry run', () => {
    expect(parseDeadline('立行立改', TODAY)).toMatchObject({ kind: 'workingDays', days: 10, meaning: expect.stringContaining('10 个工作日') });
    expect(parseDeadline('长期坚持', TODAY)).toMatchObject({ meaning: expect.stringContaining('阶段性时限 2025-12-31') });
    expect(parseDeadline('尽快', TODAY)).toMatchObject({ message: expect.stringContaining('无法识别') });
  });
});
