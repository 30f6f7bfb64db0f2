import { describeWith } from '../support/requirements.js';
import { pickOption, seriousA11yViolations, startBrowserWorld, type BrowserWorld } from '../support/browser.js';

/** The 流程图 page: a picker of the workflow family (procedure and version), kept in the URL. */
describeWith({ chromium: true }, 'workflow page picker (headless Chromium, demo data)', () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    world = await startBrowserWorld();
  }, 480_000);
  afterAll(async () => world?.close());

  it('shows 一般问题 v1 first, switches to 警示片问题 and to a version, keeps the pick in the URL, axe clean', async () => {
    const page = await world.loginAs('jx-supervisor');
    await page.goto(`${world.base}/workflow`);
    await page.getByRole('heading', { level: 1, name: '流程图' }).waitFor();
    await page.getByText('一般问题 · v1').waitFor();
    await pickOption(page, '流程类型', '警示片问题');
    await page.getByText('警示片问题 · v1').waitFor();
    expect(new URL(page.url()).searchParams.get('procedure')).toBe('warningFilm');
    await pickOption(page, '版本', 'v1');
    await page.waitForURL(/version=1/);
    // The reserved procedure is listed and says so.
    await page.getByRole('combobox', { name: '流程类型', exact: true }).click({ force: true });
    await page.getByRole('option', { name: '信访问题（预留）' }).filter({ visible: true }).waitFor();
    await page.keyboard.press('Escape');
    // The transitions table is the definition's.
    await page.getByRole('cell', { name: '销号' }).first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    // A linked view opens on its pick.
    await page.goto(`${world.base}/workflow?procedure=inspection&version=1`);
    await page.getByText('督察问题 · v1').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
