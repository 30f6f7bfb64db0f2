/** One day of an arrangement, as the API takes it. */
export interface ArrangementDay { date: string; name: string }

const DAY_OFF = new Set(['休', '放假', '假', 'off', 'holiday']);
const WORKED = new Set(['班', '上班', '调休上班', 'work', 'workday']);

/**
 * The pasted or uploaded list of an arrangement: one day a line, `日期 类型 名称` separated by spaces,
 * commas or tabs (类型: 休 = day off, 班 = make-up working day). Blank lines and lines starting with `#`
 * are skipped; a header line (日期,类型,名称) too. The server checks the rest (dates of the year,
 * weekends for 班, nothing twice).
 */
export function parseArrangement(text: string): { holidays: ArrangementDay[]; workdays: ArrangementDay[]; problems: Array<{ line: number; text: string }> } {
  const holidays: ArrangementDay[] = [];
  const workdays: ArrangementDay[] = [];
  const problems: Array<{ line: number; text: string }> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || /^日期[\s,，\t]/.test(line)) return;
    const [date, kind, ...rest] = line.split(/[\s,，\t]+/);
    const name = rest.join(' ').trim();
    const normalised = (date ?? '').replace(/[/.]/g, '-').replace(/^(\d{4})-(\d{1,2})-(\d{1,2})$/, (_, y, m, d) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(normalised) || !name || !kind) return void problems.push({ line: i + 1, text: line });
    if (DAY_OFF.has(kind)) holidays.push({ date: normalised, name });
    else if (WORKED.has(kind)) workdays.push({ date: normalised, name });
    else problems.push({ line: i + 1, text: line });
  });
  return { holidays, workdays, problems };
}
