/**
 * Problem templates for the demo cases. A title is the place name followed by `text`
 * (e.g. 九江市 + 某化工园区污水直排长江支流); `detail` is the finding that goes into the description.
 */
import type { Category, Source } from '@rectify/workflows';
import type { DemoDepartment } from './demo-units.js';

export interface ProblemTemplate {
  category: Category;
  text: string;
  detail: string;
  /** The provincial department usually involved (a co-unit, sometimes the lead unit). */
  dept?: DemoDepartment;
  /** Only for cases in these regions (e.g. Yangtze riverside cities). */
  regions?: string[];
  /** Only for cases of these sources (e.g. audit findings). */
  sources?: Source[];
}

/** Cities on the Yangtze main stream among the demo regions. */
const YANGTZE = ['360400', '340200', '340500', '340700', '340800', '341700'];
const GENERAL_SOURCES: Source[] = [
  'central_inspection',
  'central_inspection_revisit',
  'provincial_inspection',
  'warning_film',
  'petition',
  'routine',
];

export const PROBLEM_TEMPLATES: ProblemTemplate[] = [
  // 水 water
  {
    category: 'water',
    text: '某化工园区污水直排长江支流',
    detail: '园区污水集中处理设施能力不足，部分企业生产废水经雨水管网排入支流，下游断面氨氮、总磷浓度超标。',
    dept: 'water',
    regions: YANGTZE,
  },
  {
    category: 'water',
    text: '城镇生活污水处理厂进水浓度偏低',
    detail: '污水收集管网建设滞后，雨污混接、错接普遍，污水处理厂进水化学需氧量浓度长期低于100毫克/升，大量生活污水溢流入河。',
    dept: 'housing',
  },
  {
    category: 'water',
    text: '黑臭水体整治不彻底、返黑返臭',
    detail: '已完成整治的城市黑臭水体截污不彻底，汛期后再次出现返黑返臭现象，群众反映强烈。',
    dept: 'housing',
  },
  {
    category: 'water',
    text: '饮用水水源保护区内违规项目未清理',
    detail: '集中式饮用水水源一级保护区内仍存在农家乐、养殖场等违规设施，水源安全存在隐患。',
    dept: 'water',
  },
  {
    category: 'water',
    text: '畜禽养殖废水直排河道',
    detail: '禁养区划定后部分规模养殖场未按要求关停搬迁，养殖废水未经处理直排附近河道。',
    dept: 'agri',
  },
  {
    category: 'water',
    text: '入河排污口排查整治不到位',
    detail: '入河排污口排查溯源工作滞后，部分排污口未纳入监管清单，存在偷排漏排现象。',
    dept: 'water',
  },
  {
    category: 'water',
    text: '某工业园区污水管网雨污混接',
    detail: '园区污水管网破损、雨污混接，污水处理厂负荷率不足，园区周边水体水质恶化。',
  },
  {
    category: 'water',
    text: '湖区围网养殖投肥投饵污染水体',
    detail: '湖区围网、网箱养殖清理不彻底，投肥投饵养殖导致水体富营养化，总磷浓度居高不下。',
    dept: 'agri',
    regions: ['360100', '360400', '361100', '340100', '341100', '341500'],
  },
  {
    category: 'water',
    text: '某造纸企业超标排放废水',
    detail: '在线监测数据显示企业外排废水化学需氧量多次超标，污水处理设施运行不正常。',
  },
  {
    category: 'water',
    text: '乡镇污水处理设施建成后闲置',
    detail: '部分乡镇污水处理设施建成后因配套管网缺失长期闲置或低负荷运行，未发挥环境效益。',
    dept: 'housing',
  },
  {
    category: 'water',
    text: '污水处理费征收使用不规范',
    detail: '污水处理费未足额征收，部分资金被挪用于与污水处理无关的支出。',
    dept: 'housing',
    sources: ['audit'],
  },
  {
    category: 'water',
    text: '水污染防治专项资金未及时拨付',
    detail: '中央水污染防治专项资金下达后滞留财政部门，部分项目因资金不到位停工。',
    sources: ['audit'],
  },
  // 大气 air
  {
    category: 'air',
    text: '建筑工地扬尘管控不力',
    detail: '部分建筑工地未落实“六个百分之百”要求，裸土未覆盖、车辆未冲洗，扬尘污染问题突出。',
    dept: 'housing',
  },
  {
    category: 'air',
    text: '某陶瓷企业脱硫脱硝设施不正常运行',
    detail: '企业窑炉烟气脱硫脱硝设施未正常投运，二氧化硫、氮氧化物排放浓度超标。',
    regions: ['360200', '360300', '360900'],
  },
  {
    category: 'air',
    text: '秸秆露天焚烧问题突出',
    detail: '夏收、秋收期间秸秆露天焚烧火点多发，禁烧工作责任落实不到位。',
    dept: 'agri',
  },
  {
    category: 'air',
    text: '某钢铁企业无组织排放管控不到位',
    detail: '原料场未全封闭，物料转运环节无组织排放明显，厂区周边颗粒物浓度偏高。',
    regions: ['360400', '360500', '340500', '340200'],
  },
  {
    category: 'air',
    text: '餐饮油烟扰民问题长期未解决',
    detail: '城区部分餐饮单位未安装油烟净化设施或设施未正常运行，周边居民多次投诉。',
  },
  {
    category: 'air',
    text: '某水泥企业颗粒物超标排放',
    detail: '企业除尘设施老化、破损，窑尾颗粒物排放浓度超标，厂区及周边积尘严重。',
  },
  {
    category: 'air',
    text: '涉VOCs企业治理设施简易低效',
    detail: '部分涂装、印刷企业采用单一活性炭吸附等简易治理工艺，活性炭长期未更换，挥发性有机物治理效果差。',
  },
  {
    category: 'air',
    text: '列入关停名单的砖瓦窑仍在生产',
    detail: '列入关停名单的砖瓦窑企业仍在生产，烟气未经有效处理直接排放。',
  },
  {
    category: 'air',
    text: '大气污染防治专项资金闲置',
    detail: '中央和省级大气污染防治专项资金拨付不及时，部分资金闲置超过一年。',
    sources: ['audit'],
  },
  // 土壤 soil
  {
    category: 'soil',
    text: '某废弃化工厂地块土壤污染风险未管控',
    detail: '关闭搬迁化工企业遗留地块未开展土壤污染状况调查即启动再开发，存在人居环境风险。',
    dept: 'nr',
  },
  {
    category: 'soil',
    text: '废弃稀土矿区土壤和地下水污染治理滞后',
    detail: '历史遗留废弃稀土矿区原地浸矿导致土壤酸化和地下水氨氮污染，治理修复进度滞后。',
    dept: 'nr',
    regions: ['360700'],
  },
  {
    category: 'soil',
    text: '受污染耕地安全利用推进滞后',
    detail: '受污染耕地安全利用和严格管控措施落实不到位，农产品超标风险未有效管控。',
    dept: 'agri',
  },
  {
    category: 'soil',
    text: '某有色金属冶炼企业周边土壤重金属超标',
    detail: '企业周边农用地土壤镉、铅等重金属含量超过风险筛选值，企业自行监测不规范。',
    regions: ['360600', '361100', '360700', '340700', '341700'],
  },
  {
    category: 'soil',
    text: '土壤污染重点监管单位隐患排查未开展',
    detail: '部分土壤污染重点监管单位未按要求开展土壤污染隐患排查和自行监测。',
  },
  // 固体废物 solid waste
  {
    category: 'solid_waste',
    text: '某企业工业固体废物违规堆存',
    detail: '企业产生的冶炼废渣长期露天堆存，未采取防扬散、防流失、防渗漏措施。',
  },
  {
    category: 'solid_waste',
    text: '生活垃圾填埋场渗滤液处理不达标',
    detail: '填埋场渗滤液处理设施能力不足，渗滤液积存量大，汛期存在溢流风险。',
    dept: 'housing',
  },
  {
    category: 'solid_waste',
    text: '危险废物贮存和转移不规范',
    detail: '企业危险废物贮存场所未按规范建设，危险废物转移联单制度执行不严，存在非法转移风险。',
  },
  {
    category: 'solid_waste',
    text: '建筑垃圾沿河倾倒',
    detail: '河道岸线多处堆放建筑垃圾和生活垃圾，侵占河道行洪空间。',
    dept: 'water',
  },
  {
    category: 'solid_waste',
    text: '医疗废物收集处置不规范',
    detail: '基层医疗机构医疗废物分类收集、暂存不规范，部分医疗废物混入生活垃圾。',
  },
  {
    category: 'solid_waste',
    text: '废弃尾矿库闭库治理滞后',
    detail: '废弃尾矿库未按要求闭库，坝体存在安全隐患，汛期渗滤液外溢风险突出。',
    dept: 'nr',
  },
  {
    category: 'solid_waste',
    text: '垃圾焚烧飞灰处置不规范',
    detail: '垃圾焚烧发电厂飞灰固化后未及时安全处置，暂存场所超期贮存。',
  },
  // 生态 ecology
  {
    category: 'ecology',
    text: '某矿山生态修复滞后',
    detail: '关闭矿山未按期完成生态修复，矿区边坡裸露、水土流失严重。',
    dept: 'nr',
  },
  {
    category: 'ecology',
    text: '自然保护区内违规采砂',
    detail: '自然保护区缓冲区内存在非法采砂行为，河床严重破坏，监管部门履职不到位。',
    dept: 'water',
  },
  {
    category: 'ecology',
    text: '长江岸线非法码头整治不到位',
    detail: '长江干流岸线非法码头取缔后未及时复绿，部分码头以“临时”名义恢复使用。',
    dept: 'water',
    regions: YANGTZE,
  },
  {
    category: 'ecology',
    text: '违规侵占河湖湿地',
    detail: '在河湖管理范围内违规建设房地产、旅游设施，侵占湿地面积较大。',
    dept: 'water',
  },
  {
    category: 'ecology',
    text: '生态公益林被违规占用',
    detail: '项目建设未依法办理使用林地手续，擅自占用生态公益林。',
    dept: 'forestry',
  },
  {
    category: 'ecology',
    text: '小水电站生态流量未落实',
    detail: '部分小水电站未按要求下泄生态流量，造成下游河段减水脱水。',
    dept: 'water',
  },
  {
    category: 'ecology',
    text: '风景名胜区内违规开发建设',
    detail: '风景名胜区核心景区内违规建设度假设施，破坏自然景观。',
    dept: 'nr',
  },
  {
    category: 'ecology',
    text: '湿地公园内违规围垦',
    detail: '湿地公园保育区内存在违规围垦种植，湿地面积萎缩、生态功能退化。',
    dept: 'forestry',
  },
  {
    category: 'ecology',
    text: '在生态保护红线内违规出让采矿权',
    detail: '在生态保护红线内违规出让采矿权，矿山开采后未按要求开展生态修复。',
    dept: 'nr',
    sources: ['audit'],
  },
  // 辐射 radiation
  {
    category: 'radiation',
    text: '某医院放射源安全管理不规范',
    detail: '医院放射诊疗场所辐射安全管理制度不健全，个人剂量监测不规范。',
    sources: GENERAL_SOURCES,
  },
  {
    category: 'radiation',
    text: '伴生放射性矿开发利用监管不到位',
    detail: '伴生放射性矿开发利用企业未按要求开展辐射环境监测，废渣贮存不规范。',
    regions: ['360700', '360900'],
  },
  {
    category: 'radiation',
    text: '废旧放射源收贮不及时',
    detail: '部分闲置、废旧放射源长期存放于使用单位，未按期送交收贮。',
  },
  // 噪声 noise
  {
    category: 'noise',
    text: '某工业企业夜间噪声扰民',
    detail: '企业夜间生产设备噪声超过厂界排放标准，周边居民多次投诉。',
  },
  {
    category: 'noise',
    text: '交通干线噪声防治措施缺失',
    detail: '城市快速路沿线未按环评要求建设声屏障，沿线敏感点噪声超标。',
    dept: 'housing',
  },
  {
    category: 'noise',
    text: '建筑施工夜间噪声扰民',
    detail: '部分工地未经许可夜间施工，施工噪声扰民问题反复出现。',
    dept: 'housing',
  },
  // 其他 other
  {
    category: 'other',
    text: '建设项目环评未批先建',
    detail: '部分建设项目未依法取得环评批复即开工建设，违法行为查处不到位。',
  },
  {
    category: 'other',
    text: '排污许可证后监管不到位',
    detail: '部分持证企业未按排污许可证要求开展自行监测和提交执行报告，证后监管流于形式。',
  },
  {
    category: 'other',
    text: '某企业自动监测数据弄虚作假',
    detail: '企业篡改自动监测设备参数，监测数据失真，涉嫌环境监测数据弄虚作假。',
  },
  {
    category: 'other',
    text: '工业园区环境管理基础薄弱',
    detail: '园区规划环评要求未落实，环境风险防控体系和监测监控能力建设滞后。',
  },
  {
    category: 'other',
    text: '生态环境保护责任落实不到位',
    detail: '部分部门对生态环境保护工作重视不够，“党政同责、一岗双责”责任清单落实不到位。',
  },
  {
    category: 'other',
    text: '环境基础设施项目建设滞后',
    detail: '列入年度计划的环境基础设施项目未按期开工，专项资金使用效益不高。',
    sources: ['audit'],
  },
];
