import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describeWith } from '../support/requirements.js';
import { apiCall, pickOption, seriousA11yViolations, startBrowserWorld, waitForQuiet, type BrowserWorld } from '../support/browser.js';

const BATCH = '浏览器台账导入测试批次';
const ROWS = 101;
const BAD_ROW_SEQ = 33;
const YEAR = new Date().getFullYear() + 1;

/**
 * A Jiangxi-style 问题清单 of 101 problems, made here with exceljs: a merged title row, a header
 * with a remark in brackets, a blank row, full-width digits in 序号, 整改时限 phrases. Unfixed, row
 * 序号 33 names a unit that does not exist (九江市环保局).
 */
async function problemList(fix: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('问题清单');
  sheet.getRow(1).values = ['江西省生态环境保护督察反馈问题整改清单（浏览器测试）'];
  sheet.mergeCells('A1:I1');
  sheet.getRow(2).values = ['序号', '问题来源', '督察批次', '具体问题', '所在地区', '问题类别', '责任单位', '责任人', '整改时限（完成时间）'];
  let r = 3;
  for (let i = 1; i <= ROWS; i++) {
    if (i === 50) r += 1; // a blank row, as in the lists officials send
    const nanchang = i % 2 === 0;
    const unit = !fix && i === BAD_ROW_SEQ ? '九江市环保局' : nanchang ? '南昌市生态环境局' : '九江市生态环境局';
    const deadline = i % 3 === 0 ? '立行立改' : i % 3 === 1 ? `${YEAR}年6月底前` : null;
    const seq = i % 10 === 7 ? String(i).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)) : i;
    sheet.getRow(r).values = [seq, '省级督察', BATCH, `浏览器测试第${i}号问题：某企业废水未经处理直排。需要整改。`, nanchang ? '南昌市' : '九江市', i % 4 === 0 ? '大气' : '水', unit, `责任人${i}`, deadline];
    r += 1;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describeWith({ chromium: true }, '台账 pages: import, export, reports (headless Chromium, demo data)', () => {
  let world: BrowserWorld;
  let dir: string;
  beforeAll(async () => {
    world = await startBrowserWorld();
    dir = mkdtempSync(join(tmpdir(), 'rectify-ledger-browser-'));
  }, 240_000);
  afterAll(async () => {
    await world?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, content: Buffer | string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  async function downloadVia(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
    const [download] = await Promise.all([page.waitForEvent('download'), click()]);
    const path = join(dir, `dl-${Date.now()}-${download.suggestedFilename()}`);
    await download.saveAs(path);
    return { name: download.suggestedFilename(), body: readFileSync(path) };
  }

  it('a supervisor uploads the list, sees the dry-run error, uploads the fixed file, commits, finds and exports the cases, and reads the report', async () => {
    const page = await world.loginAs('jx-supervisor');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '台账导入' }).click();
    await page.getByRole('heading', { level: 1, name: '台账导入' }).waitFor();

    // the template downloads with the session's token
    const template = await downloadVia(page, () => page.getByRole('button', { name: '下载导入模板' }).click());
    expect(template.name).toBe('问题清单导入模板.xlsx');
    const templateBook = new ExcelJS.Workbook();
    await templateBook.xlsx.load(template.body as never);
    expect(templateBook.worksheets[0]!.getRow(1).values).toEqual(expect.arrayContaining(['问题描述', '责任单位', '整改时限']));

    // a file the server cannot read: its message, and the file stays chosen
    await page.getByLabel('选择文件').setInputFiles(file('不是清单.csv', '随便写的,内容\n1,2\n'));
    await page.getByRole('button', { name: '试导入', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '找不到表头' }).waitFor();
    await page.getByText('已选择：不是清单.csv').waitFor();
    await page.getByText('文件“不是清单.csv”仍已选择').waitFor();

    // the list with an unknown unit: every row's outcome, the error with its column and message
    await page.getByLabel('选择文件').setInputFiles(file('省级督察问题清单.xlsx', await problemList(false)));
    await page.getByRole('button', { name: '试导入', exact: true }).click();
    await page.getByRole('heading', { name: `试导入结果：共 ${ROWS} 行，新登记 0 行，登记并交办 ${ROWS - 1} 行，已存在 0 行，有错误 1 行` }).waitFor();
    const table = page.locator('.plan-table');
    const errorRow = table.getByRole('row').filter({ hasText: '九江市环保局' });
    await errorRow.waitFor();
    expect(await errorRow.innerText()).toMatch(/35\s+错误[\s\S]*G 列（责任单位）：责任单位“九江市环保局”不存在/);
    for (const v of await seriousA11yViolations(page)) throw new Error(`import page with a plan: ${v}`);
    if (process.env.LEDGER_PRINT_OUT) await page.screenshot({ path: join(process.env.LEDGER_PRINT_OUT, 'import-plan.png') });
    // every row is there: the others show as 登记并交办 with their due
    await page.getByText('只看有错误的行').click();
    await table.getByRole('row').filter({ hasText: '登记并交办' }).first().waitFor();
    // 100 rows a page: rows 1–100 of the file, the one error among them
    expect(await table.getByRole('row').filter({ hasText: '登记并交办' }).count()).toBe(99);
    await page.getByText(`共 ${ROWS} 条`).waitFor();

    // the fixed file: no error; commit, watch the progress bar run to the end
    await page.getByLabel('选择文件').setInputFiles(file('省级督察问题清单（已改）.xlsx', await problemList(true)));
    await page.getByRole('button', { name: '试导入', exact: true }).click();
    await page.getByRole('heading', { name: `试导入结果：共 ${ROWS} 行，新登记 0 行，登记并交办 ${ROWS} 行，已存在 0 行，有错误 0 行` }).waitFor();
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[role="progressbar"]');
        const now = bar?.getAttribute('aria-valuenow');
        if (now && seen.at(-1) !== now) seen.push(now);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole('button', { name: `提交导入（${ROWS} 行）` }).click();
    await page.getByText(`导入完成：新登记 0 件，登记并交办 ${ROWS} 件，已存在 0 件，失败 0 件`).waitFor({ timeout: 120_000 });
    await page.getByText(`已处理 ${ROWS} / ${ROWS} 行`).waitFor();
    if (process.env.LEDGER_PRINT_OUT) await page.screenshot({ path: join(process.env.LEDGER_PRINT_OUT, 'import-done.png') });
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen.at(-1)).toBe('100');

    // the cases are in the list, filtered by the batch
    await page.getByRole('link', { name: '在案件列表中查看' }).click();
    await page.waitForURL((url) => url.pathname === '/cases' && url.searchParams.get('batch') === BATCH);
    await page.getByText(`共 ${ROWS} 条`).waitFor();

    // 导出台账 with the list's filters: .xlsx and .csv, parsed and checked row by row
    await page.getByRole('button', { name: '导出台账' }).click();
    const xlsx = await downloadVia(page, () => page.getByRole('menuitem', { name: '导出 Excel（.xlsx）' }).click());
    expect(xlsx.name).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const col = (name: string) => header.indexOf(name);
    expect(sheet.actualRowCount).toBe(ROWS + 1);
    const refs = new Set<string>();
    const titles = new Set<string>();
    for (let r = 2; r <= ROWS + 1; r++) {
      const row = sheet.getRow(r);
      expect(row.getCell(col('督察批次')).value).toBe(BATCH);
      expect(row.getCell(col('状态')).value).toBe('已交办待签收');
      refs.add(String(row.getCell(col('外部编号')).value));
      titles.add(String(row.getCell(col('问题标题')).value));
    }
    expect(refs.size).toBe(ROWS);
    expect(refs.has(`${BATCH}-${BAD_ROW_SEQ}`)).toBe(true);
    expect(titles.has(`浏览器测试第${BAD_ROW_SEQ}号问题：某企业废水未经处理直排`)).toBe(true);
    await page.getByRole('button', { name: '导出台账' }).click();
    const csv = await downloadVia(page, () => page.getByRole('menuitem', { name: '导出 CSV' }).click());
    expect(csv.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body.toString('utf8').trim().split(/\r?\n/).filter((l) => l.includes(BATCH))).toHaveLength(ROWS);

    // 报表: grouped by batch, the batch's row says 101, as the API does
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '报表' }).click();
    await page.getByRole('heading', { level: 1, name: '报表' }).waitFor();
    await pickOption(page, '汇总方式', '按督察批次');
    await page.getByRole('button', { name: '查询' }).first().click();
    const progressTable = page.getByRole('table', { name: '月调度 · 整改进度' });
    const batchRow = progressTable.getByRole('row').filter({ has: page.getByRole('rowheader', { name: BATCH, exact: true }) });
    await batchRow.waitFor();
    const api = await apiCall<{ groups: Array<{ key: string; total: number; byState: Record<string, number> }>; total: { total: number } }>(
      world, await world.token('jx-supervisor'), 'GET', '/reports/progress?groupBy=batch&regionCode=360000',
    );
    const group = api.groups.find((g) => g.key === BATCH)!;
    expect(group.total).toBe(ROWS);
    expect((await batchRow.getByRole('cell').first().innerText()).trim()).toBe(String(group.total));
    const sumRow = progressTable.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '合计', exact: true }) });
    expect((await sumRow.getByRole('cell').first().innerText()).trim()).toBe(String(api.total.total));
    const report = await downloadVia(page, () => page.getByRole('button', { name: '下载 Excel' }).first().click());
    const reportBook = new ExcelJS.Workbook();
    await reportBook.xlsx.load(report.body as never);
    const reportSheet = reportBook.worksheets[0]!;
    let found = false;
    reportSheet.eachRow((row) => {
      if (row.getCell(1).value === BATCH) {
        found = true;
        expect(row.getCell(2).value).toBe(ROWS);
      }
    });
    expect(found).toBe(true);
    expect(await page.getByRole('img', { name: '各组问题总数、已销号与超期' }).locator('svg').count()).toBe(1);
  }, 300_000);

  it('the report page: the 年考核 ranking with its lists, readable (axe), and printable on A4 without navigation or buttons', async () => {
    const page = await world.loginAs('jx-supervisor');
    await page.goto(`${world.base}/reports`);
    const assessmentTable = page.getByRole('table', { name: '年考核 · 考核排名' });
    await assessmentTable.waitFor();
    await page.getByRole('heading', { name: '红榜' }).waitFor();
    await waitForQuiet(page);
    for (const v of await seriousA11yViolations(page)) throw new Error(`report page: ${v}`);
    const year = new Date().getFullYear();
    const api = await apiCall<{ items: Array<{ unitName: string; score: number; rank: number | null }> }>(world, await world.token('jx-supervisor'), 'GET', `/reports/assessment?year=${year}&regionCode=360000`);
    const first = api.items[0]!;
    if (first.rank !== null) {
      const row = assessmentTable.getByRole('row').filter({ has: page.getByRole('rowheader', { name: first.unitName, exact: true }) });
      expect((await row.getByRole('cell').nth(1).innerText()).trim()).toBe(String(first.score));
    }

    // A4 landscape less 10 mm margins is 277 mm ≈ 1047 CSS px: lay the page out at that width for paper
    await page.setViewportSize({ width: 1047, height: 740 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: '主导航' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '下载 Excel' }).first().isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    expect(await page.getByRole('table', { name: '月调度 · 整改进度' }).isVisible()).toBe(true);
    // the charts are redrawn to the page's width (A4 landscape, 10 mm margins)
    const chartWidth = await page.getByRole('img', { name: '各组问题总数、已销号与超期' }).locator('svg').evaluate((svg) => svg.getBoundingClientRect().width);
    expect(chartWidth).toBeLessThanOrEqual(1000);
    // nothing wider than the paper: no table cut at the right edge
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(1);
    for (const name of ['月调度 · 整改进度', '年考核 · 考核排名']) {
      const box = (await page.getByRole('table', { name }).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1047);
    }
    const shots = process.env.LEDGER_PRINT_OUT;
    if (shots) {
      await page.screenshot({ path: join(shots, 'reports-print.png'), fullPage: true });
      await page.pdf({ path: join(shots, 'reports-print.pdf'), preferCSSPageSize: true, printBackground: true });
    }
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2); // 月调度 first, 年考核 from a new page
    expect(pages.length).toBeLessThanOrEqual(6);
    await page.emulateMedia({ media: 'screen' });
  }, 120_000);

  it('the import page answers an inspector and is not offered to a bureau user', async () => {
    const inspector = await world.loginAs('jx-inspector');
    await inspector.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '台账导入' }).waitFor();
    const bureau = await world.loginAs('jx-bureau');
    expect(await bureau.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '台账导入' }).count()).toBe(0);
    expect(await bureau.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '报表' }).count()).toBe(0);
    await bureau.goto(`${world.base}/imports`);
    await bureau.waitForURL((url) => url.pathname === '/todo');
    // a bureau exports its own 台账 from the list
    await bureau.goto(`${world.base}/cases`);
    await bureau.getByRole('button', { name: '导出台账' }).waitFor();
  }, 60_000);
});
