import { cleanFileName, contentDisposition } from './content-disposition.util.js';

describe('file names', () => {
  it('Content-Disposition keeps a Chinese name in filename* and gives an ASCII fallback', () => {
    const header = contentDisposition('整改报告(终稿) 2025.pdf');
    expect(header).toBe(`attachment; filename="____(__) 2025.pdf"; filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A%28%E7%BB%88%E7%A8%BF%29%202025.pdf`);
    expect(decodeURIComponent(header.split("''")[1]!)).toBe('整改报告(终稿) 2025.pdf');
  });

  it('quotes, backslashes and apostrophes cannot break out of the header', () => {
    const header = contentDisposition(`a"b\\c'd.txt`);
    expect(header).toBe(`attachment; filename="a_b_c'd.txt"; filename*=UTF-8''a%22b%5Cc%27d.txt`);
    expect(decodeURIComponent(header.split("''")[1]!)).toBe(`a"b\\c'd.txt`);
  });

  it.each([
    ['C:\\fakepath\\现场照片.jpg', '现场照片.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['  报告\u0000.pdf ', '报告.pdf'],
    ['', 'attachment'],
    [undefined, 'attachment'],
    ['..', 'attachment'],
  ])('cleanFileName(%j) = %j', (raw, clean) => expect(cleanFileName(raw)).toBe(clean));
});
