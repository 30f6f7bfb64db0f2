import { readFileSync } from 'node:fs';
import { describeWith } from '../support/requirements.js';
import { apiCall, startBrowserWorld, type BrowserWorld } from '../support/browser.js';
import { pdf, png } from '../support/evidence-files.js';

/** Issue 13's "done when": a bureau attaches a photo and a PDF to its evidence in the web app, the inspector downloads them, history verifies. */
describeWith({ chromium: true }, 'evidence files in the web app (headless Chromium, demo data)', () => {
  let world: BrowserWorld;
  beforeAll(async () => {
    world = await startBrowserWorld();
  }, 240_000);
  afterAll(async () => world?.close());

  it('the bureau uploads a photo and a PDF and submits them as evidence; the inspector downloads the PDF under its Chinese name', async () => {
    const supervisorToken = await world.token('jx-supervisor');
    const inspectorToken = await world.token('jx-inspector');
    const bureauToken = await world.token('jx-bureau');
    const units = (await apiCall<{ items: Array<{ id: string; name: string }> }>(world, supervisorToken, 'GET', '/units?regionCode=360400')).items;
    const unit = units.find((u) => u.name === '九江市生态环境局')!;
    const created = await apiCall<{ id: string }>(world, inspectorToken, 'POST', '/cases', {
      title: '湖口县某砂石码头扬尘（附件测试）', description: '堆场未覆盖', source: 'routine', category: 'air', regionCode: '360400',
    });
    await apiCall(world, supervisorToken, 'POST', `/cases/${created.id}/events`, { type: 'ASSIGN', leadUnitId: unit.id });
    await apiCall(world, bureauToken, 'POST', `/cases/${created.id}/events`, { type: 'ACCEPT' });
    const caseUrl = `${world.base}/cases/${created.id}`;

    const bureau = await world.loginAs('jx-bureau');
    await bureau.goto(caseUrl);
    const panel = bureau.getByRole('region', { name: '佐证附件' });
    await panel.getByText('尚未上传附件。').waitFor();
    await panel.getByLabel('上传附件').setInputFiles([
      { name: '整改后现场照片.png', mimeType: 'image/png', buffer: png(4000) },
      { name: '整改报告.pdf', mimeType: 'application/pdf', buffer: pdf('湖口县整改报告') },
    ]);
    await panel.getByRole('cell', { name: '整改报告.pdf', exact: true }).waitFor();
    await panel.getByRole('cell', { name: '整改后现场照片.png', exact: true }).waitFor();
    expect(await panel.getByRole('cell', { name: 'image/png', exact: true }).count()).toBe(1);
    await panel.getByText('共 2 个文件').waitFor();

    await bureau.getByRole('button', { name: '提交整改材料', exact: true }).click();
    const dialog = bureau.getByRole('dialog');
    await dialog.getByLabel('整改情况说明').fill('已覆盖防尘网，见照片和报告');
    const files = bureau.getByRole('combobox', { name: '附件', exact: true });
    for (const name of ['整改后现场照片.png', '整改报告.pdf']) {
      await files.click({ force: true });
      await bureau.getByRole('option', { name, exact: true }).filter({ visible: true }).click();
    }
    await dialog.getByRole('button', { name: '提交' }).click();
    await bureau.getByRole('heading', { level: 1, name: /待验收/ }).waitFor();
    // the bureau's part is done: no more uploads until the case comes back
    await panel.getByText('当前环节您不能上传附件', { exact: false }).waitFor();

    const inspector = await world.loginAs('jx-inspector');
    await inspector.goto(caseUrl);
    const inspectorPanel = inspector.getByRole('region', { name: '佐证附件' });
    await inspectorPanel.getByRole('cell', { name: '整改报告.pdf', exact: true }).waitFor();
    const [download] = await Promise.all([inspector.waitForEvent('download'), inspectorPanel.getByRole('button', { name: '下载 整改报告.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('整改报告.pdf');
    expect(readFileSync((await download.path())!).equals(pdf('湖口县整改报告'))).toBe(true);
    await inspector.getByText(/办理记录完整，未被篡改/).waitFor();

    const history = (await apiCall<{ items: Array<{ type: string; payload: { attachments?: Array<{ name: string; sha256: string }> } }> }>(world, inspectorToken, 'GET', `/cases/${created.id}/history`)).items;
    expect(history.find((h) => h.type === 'SUBMIT_EVIDENCE')?.payload.attachments?.map((a) => a.name)).toEqual(['整改后现场照片.png', '整改报告.pdf']);
    expect(await apiCall(world, inspectorToken, 'GET', `/cases/${created.id}/history/verify`)).toMatchObject({ valid: true, files: { checked: 2, problems: [] } });
  }, 180_000);
});
