import { FIRST_SHIPPED_YEAR, LAST_SHIPPED_YEAR, shippedHolidayData } from './holiday-data.js';
import { statutoryHolidays } from './statutory-holidays.util.js';

describe('statutory holidays computed from the national rules', () => {
  const shipped = shippedHolidayData();

  test.each(Array.from({ length: LAST_SHIPPED_YEAR - FIRST_SHIPPED_YEAR + 1 }, (_, i) => [FIRST_SHIPPED_YEAR + i]))(
    'every computed statutory day of %i is a day off in the official arrangement',
    (year) => {
      const computed = statutoryHolidays(year);
      const missing = [...computed].filter(([date]) => !shipped.holidays.has(date));
      expect(missing).toEqual([]);
      // …and each festival of the notice is found (the official block contains the computed days).
      const festivals = new Set(computed.values());
      // (2020: 中秋 fell on 10月1日 and counts as 国庆节.)
      const expected = ['中秋节', '元旦', '劳动节', '国庆节', '春节', '清明节', '端午节'].filter((f) => year !== 2020 || f !== '中秋节');
      expect([...festivals].sort()).toEqual(expected.sort());
    },
  );

  test('the legal lengths: 11 days before 2025, 13 from 2025 (除夕 and 5月2日 added)', () => {
    expect(statutoryHolidays(2021).size).toBe(11);
    expect(statutoryHolidays(2024).size).toBe(11);
    expect(statutoryHolidays(2025).size).toBe(13);
    expect(statutoryHolidays(2026).size).toBe(13);
    // 2020: 中秋 fell on 10月1日, inside 国庆, so one day fewer.
    expect(statutoryHolidays(2020).size).toBe(10);
  });

  test('2027, not yet published: 春节 from 除夕 Fri 5 Feb, 清明 5 Apr, 端午 9 Jun, 中秋 15 Sep', () => {
    const y2027 = statutoryHolidays(2027);
    expect([...y2027.entries()].filter(([, name]) => name === '春节').map(([d]) => d)).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
    expect(y2027.get('2027-04-05')).toBe('清明节');
    expect(y2027.get('2027-06-09')).toBe('端午节');
    expect(y2027.get('2027-09-15')).toBe('中秋节');
    expect(y2027.get('2027-05-02')).toBe('劳动节');
  });

  test('refuses years without lunar data', () => {
    expect(() => statutoryHolidays(2100)).toThrow(RangeError);
  });
});
