/**
 * Demo users, one of each role per demo province plus a few extra bureau users so that the
 * lead-unit / co-unit views can be shown. The national `admin` is not here: it is created from
 * the ADMIN_PASSWORD environment variable (SPEC §8).
 */

/**
 * The password of every demo user. It is public (it is in the source and the README), so the demo
 * data is for demonstrations only: never load SEED=demo into a database reachable by real users.
 */
export const DEMO_PASSWORD = 'rectify-demo-2026';

export type DemoRole = 'inspector' | 'bureau' | 'supervisor' | 'admin';

export interface DemoUser {
  username: string;
  password: string;
  displayName: string;
  role: DemoRole;
  regionCode: string;
  /** The unit key (see DEMO_UNITS) of a bureau user; absent for the other roles. */
  unitKey?: string;
}

type UserRow = [username: string, role: DemoRole, regionCode: string, displayName: string, unitKey?: string];

const ROWS: UserRow[] = [
  // Jiangxi (江西省, 360000)
  ['jx-inspector', 'inspector', '360000', '陈立新（江西省生态环境保护督察办）'],
  ['jx-supervisor', 'supervisor', '360000', '刘志强（江西省生态环境保护督察办）'],
  ['jx-bureau', 'bureau', '360400', '周海燕（九江市生态环境局）', 'jx-jiujiang-eeb'],
  ['jx-admin', 'admin', '360000', '江西省系统管理员'],
  ['jx-jiujiang-supervisor', 'supervisor', '360400', '黄文斌（九江市生态环境保护督察办）'],
  ['jx-jiujiang-gov-bureau', 'bureau', '360400', '吴建军（九江市人民政府）', 'jx-jiujiang-gov'],
  ['jx-nanchang-bureau', 'bureau', '360100', '熊丽萍（南昌市生态环境局）', 'jx-nanchang-eeb'],
  ['jx-water-bureau', 'bureau', '360000', '钟国华（江西省水利厅）', 'jx-water'],
  // Zhejiang (浙江省, 330000) › Quzhou (衢州市, 330800)
  ['qz-inspector', 'inspector', '330800', '徐晓东（衢州市生态环境保护督察办）'],
  ['qz-supervisor', 'supervisor', '330800', '郑丽华（衢州市生态环境保护督察办）'],
  ['qz-bureau', 'bureau', '330822', '汪建平（常山县人民政府）', 'qz-changshan-gov'],
  ['qz-changshan-eeb-bureau', 'bureau', '330822', '毛晓燕（衢州市生态环境局常山分局）', 'qz-changshan-eeb'],
  ['qz-kaihua-bureau', 'bureau', '330824', '余志刚（开化县人民政府）', 'qz-kaihua-gov'],
  ['zj-supervisor', 'supervisor', '330000', '王伟明（浙江省生态环境保护督察办）'],
  ['zj-admin', 'admin', '330000', '浙江省系统管理员'],
  // Anhui (安徽省, 340000)
  ['ah-inspector', 'inspector', '340000', '李永兵（安徽省生态环境保护督察办）'],
  ['ah-supervisor', 'supervisor', '340000', '张明华（安徽省生态环境保护督察办）'],
  ['ah-bureau', 'bureau', '340100', '孙德胜（合肥市生态环境局）', 'ah-hefei-eeb'],
  ['ah-admin', 'admin', '340000', '安徽省系统管理员'],
  ['ah-wuhu-bureau', 'bureau', '340200', '何静（芜湖市生态环境局）', 'ah-wuhu-eeb'],
];

export function buildDemoUsers(): DemoUser[] {
  return ROWS.map(([username, role, regionCode, displayName, unitKey]) => ({
    username,
    password: DEMO_PASSWORD,
    displayName,
    role,
    regionCode,
    ...(unitKey === undefined ? {} : { unitKey }),
  }));
}

export const DEMO_USERS: DemoUser[] = buildDemoUsers();
