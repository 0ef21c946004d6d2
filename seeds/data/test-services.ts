import type { TestPriceUnit } from "@zhongshi/api/contract";
import { certificationBodies } from "./certification-bodies.ts";

// Accreditation scopes and test services of the testing center. The standards are real public standards, but
// which sample body is accredited for which item, the limits, prices and turnarounds are sample data (示例):
// the 58 bodies' real scopes are not public. Each scope line and service carries isSample.

export type SeedScope = {
  certificationBodyCode: string;
  standardNumber: string;
  standardTitleZh: string;
  standardTitleEn: string;
  itemZh: string;
  itemEn: string;
  productZh: string;
  productEn: string;
  limits: string;
  cma: boolean;
  cnas: boolean;
  isSample: true;
};

export type SeedTestService = {
  code: string;
  facilityCode: "TESTING" | "INSTRUMENT";
  /** Instrument that takes samples (送样): its run is booked on the instrument's calendar. */
  resourceCode?: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  priceUnit: TestPriceUnit;
  priceInternalFen: number;
  priceExternalFen: number;
  turnaroundDays: number;
  certificationBodyCodes: string[];
  items: { standardNumber: string; itemZh: string; itemEn: string }[];
  isSample: true;
};

type Line = [
  standardNumber: string,
  titleZh: string,
  titleEn: string,
  itemZh: string,
  itemEn: string,
  productZh: string,
  productEn: string,
  limits: string,
];

/** Scope lines per body profile, in the order of the profiles in certification-bodies.ts. */
const LINES: Line[][] = [
  // 0 machinery
  [
    [
      "NB/T 47013.3-2023",
      "承压设备无损检测 第3部分：超声检测",
      "NDT of pressure equipment — Part 3: Ultrasonic testing",
      "超声检测",
      "Ultrasonic testing",
      "焊接接头、锻件",
      "Welded joints, forgings",
      "厚度 6–400 mm",
    ],
    [
      "NB/T 47013.2-2015",
      "承压设备无损检测 第2部分：射线检测",
      "NDT of pressure equipment — Part 2: Radiographic testing",
      "射线检测",
      "Radiographic testing",
      "焊接接头",
      "Welded joints",
      "X 射线，透照厚度 ≤ 80 mm",
    ],
    [
      "GB/T 228.1-2021",
      "金属材料 拉伸试验 第1部分：室温试验方法",
      "Metallic materials — Tensile testing — Part 1: Room temperature",
      "抗拉强度、屈服强度、断后伸长率",
      "Tensile strength, yield strength, elongation",
      "金属材料",
      "Metallic materials",
      "≤ 100 kN",
    ],
  ],
  // 1 environmental
  [
    [
      "HJ 700-2014",
      "水质 65种元素的测定 电感耦合等离子体质谱法",
      "Water quality — 65 elements — ICP-MS",
      "重金属（铅、镉、砷、汞等）",
      "Heavy metals (Pb, Cd, As, Hg …)",
      "地表水、地下水、废水",
      "Surface water, groundwater, wastewater",
      "不含六价铬",
    ],
    [
      "HJ 644-2013",
      "环境空气 挥发性有机物的测定 吸附管采样-热脱附/气相色谱-质谱法",
      "Ambient air — VOCs — sorbent tube, TD-GC-MS",
      "挥发性有机物（VOCs）",
      "Volatile organic compounds (VOCs)",
      "环境空气",
      "Ambient air",
      "35 种组分",
    ],
    [
      "HJ 828-2017",
      "水质 化学需氧量的测定 重铬酸盐法",
      "Water quality — COD — dichromate method",
      "化学需氧量（COD）",
      "Chemical oxygen demand (COD)",
      "废水、地表水",
      "Wastewater, surface water",
      "检出限 4 mg/L",
    ],
    [
      "GB 12348-2008",
      "工业企业厂界环境噪声排放标准",
      "Emission standard for industrial enterprise noise at boundary",
      "厂界环境噪声",
      "Boundary noise",
      "工业企业厂界",
      "Industrial site boundary",
      "",
    ],
  ],
  // 2 food
  [
    [
      "GB 5009.12-2023",
      "食品安全国家标准 食品中铅的测定",
      "National food safety standard — Lead in food",
      "铅（重金属）",
      "Lead (heavy metal)",
      "食品",
      "Food",
      "石墨炉原子吸收法",
    ],
    [
      "GB 5009.15-2023",
      "食品安全国家标准 食品中镉的测定",
      "National food safety standard — Cadmium in food",
      "镉（重金属）",
      "Cadmium (heavy metal)",
      "食品",
      "Food",
      "",
    ],
    [
      "GB 4789.2-2022",
      "食品安全国家标准 食品微生物学检验 菌落总数测定",
      "Food microbiology — Aerobic plate count",
      "菌落总数（含保质期储存试验）",
      "Aerobic plate count (incl. shelf-life storage study)",
      "预包装食品",
      "Prepackaged food",
      "保质期试验按委托方方案",
    ],
    [
      "GB 23200.113-2018",
      "食品安全国家标准 植物源性食品中208种农药及其代谢物残留量的测定 气相色谱-质谱联用法",
      "Pesticide residues (208) in plant-derived food — GC-MS",
      "农药残留",
      "Pesticide residues",
      "植物源性食品",
      "Plant-derived food",
      "208 种",
    ],
    [
      "GB 4806.7-2016",
      "食品安全国家标准 食品接触用塑料材料及制品",
      "Food contact plastic materials and articles",
      "总迁移量",
      "Overall migration",
      "食品接触用塑料材料及制品",
      "Food-contact plastics",
      "4% 乙酸、10% 乙醇模拟物",
    ],
  ],
  // 3 electrical safety
  [
    [
      "GB 4943.1-2022",
      "音视频、信息技术和通信技术设备 第1部分：安全要求",
      "AV, IT and communication equipment — Part 1: Safety",
      "电气安全",
      "Electrical safety",
      "信息技术设备",
      "IT equipment",
      "额定电压 ≤ 600 V",
    ],
    [
      "GB 4706.1-2005",
      "家用和类似用途电器的安全 第1部分：通用要求",
      "Household appliances — Safety — Part 1: General",
      "电气安全",
      "Electrical safety",
      "家用电器",
      "Household appliances",
      "",
    ],
    [
      "GB 21455-2019",
      "房间空气调节器能效限定值及能效等级",
      "Room air conditioners — energy efficiency",
      "能效等级",
      "Energy efficiency grade",
      "房间空调器",
      "Room air conditioners",
      "制冷量 ≤ 14 kW",
    ],
  ],
  // 4 materials
  [
    [
      "GB/T 228.1-2021",
      "金属材料 拉伸试验 第1部分：室温试验方法",
      "Metallic materials — Tensile testing — Part 1: Room temperature",
      "抗拉强度、屈服强度、断后伸长率",
      "Tensile strength, yield strength, elongation",
      "金属材料（含增材制造试样）",
      "Metals (incl. additively manufactured)",
      "≤ 100 kN",
    ],
    [
      "GB/T 13298-2015",
      "金属显微组织检验方法",
      "Metal microstructure examination",
      "金相组织",
      "Microstructure",
      "金属材料",
      "Metallic materials",
      "",
    ],
    [
      "GB/T 4336-2016",
      "碳素钢和中低合金钢 多元素含量的测定 火花放电原子发射光谱法",
      "Carbon and low-alloy steel — multi-element — spark OES",
      "化学成分",
      "Chemical composition",
      "碳素钢、中低合金钢",
      "Carbon and low-alloy steel",
      "",
    ],
  ],
  // 5 chemical
  [
    [
      "GB 18582-2020",
      "建筑用墙面涂料中有害物质限量",
      "Limits of harmful substances in wall coatings",
      "VOC 含量、可溶性重金属",
      "VOC content, soluble heavy metals",
      "建筑墙面涂料",
      "Architectural wall coatings",
      "",
    ],
    [
      "GB 33372-2020",
      "胶粘剂挥发性有机化合物限量",
      "Limits of VOCs in adhesives",
      "VOC 含量",
      "VOC content",
      "胶粘剂",
      "Adhesives",
      "",
    ],
    [
      "GB/T 6283-2008",
      "化工产品中水分含量的测定 卡尔·费休法",
      "Water in chemical products — Karl Fischer",
      "水分",
      "Water content",
      "化工产品",
      "Chemical products",
      "",
    ],
  ],
  // 6 construction
  [
    [
      "GB/T 50081-2019",
      "混凝土物理力学性能试验方法标准",
      "Test methods of concrete physical and mechanical properties",
      "抗压强度",
      "Compressive strength",
      "混凝土",
      "Concrete",
      "≤ 2000 kN",
    ],
    [
      "GB/T 17671-2021",
      "水泥胶砂强度检验方法（ISO法）",
      "Cement mortar strength (ISO method)",
      "胶砂强度",
      "Mortar strength",
      "水泥",
      "Cement",
      "",
    ],
    [
      "GB/T 1499.2-2024",
      "钢筋混凝土用钢 第2部分：热轧带肋钢筋",
      "Steel for reinforced concrete — Part 2: Hot-rolled ribbed bars",
      "力学性能、重量偏差",
      "Mechanical properties, mass deviation",
      "热轧带肋钢筋",
      "Hot-rolled ribbed bars",
      "",
    ],
  ],
  // 7 medical
  [
    [
      "GB/T 16886.5-2017",
      "医疗器械生物学评价 第5部分：体外细胞毒性试验",
      "Biological evaluation of medical devices — Part 5: In vitro cytotoxicity",
      "细胞毒性",
      "Cytotoxicity",
      "医疗器械",
      "Medical devices",
      "",
    ],
    [
      "GB 9706.1-2020",
      "医用电气设备 第1部分：基本安全和基本性能的通用要求",
      "Medical electrical equipment — Part 1: General requirements",
      "基本安全",
      "Basic safety",
      "医用电气设备",
      "Medical electrical equipment",
      "",
    ],
    [
      "YY 9706.102-2021",
      "医用电气设备 第1-2部分：电磁兼容 要求和试验",
      "Medical electrical equipment — Part 1-2: EMC",
      "电磁兼容（EMC）",
      "Electromagnetic compatibility (EMC)",
      "医用电气设备",
      "Medical electrical equipment",
      "",
    ],
  ],
  // 8 automotive
  [
    [
      "GB/T 10125-2021",
      "人造气氛腐蚀试验 盐雾试验",
      "Corrosion tests in artificial atmospheres — Salt spray",
      "中性盐雾",
      "Neutral salt spray",
      "汽车零部件、涂镀层",
      "Automotive parts, coatings",
      "≤ 1000 h",
    ],
    [
      "GB/T 2423.10-2019",
      "环境试验 第2部分：试验方法 试验Fc：振动（正弦）",
      "Environmental testing — Test Fc: Vibration (sinusoidal)",
      "正弦振动",
      "Sinusoidal vibration",
      "汽车电子零部件",
      "Automotive electronic parts",
      "5–2000 Hz",
    ],
    [
      "GB/T 2423.1-2008",
      "电工电子产品环境试验 第2部分：试验方法 试验A：低温",
      "Environmental testing — Test A: Cold",
      "低温试验",
      "Cold test",
      "汽车零部件",
      "Automotive parts",
      "≥ −70 °C",
    ],
  ],
  // 9 new energy
  [
    [
      "GB 38031-2025",
      "电动汽车用动力蓄电池安全要求",
      "Electric vehicles traction battery safety requirements",
      "热扩散",
      "Thermal propagation",
      "动力蓄电池包或系统",
      "Traction battery packs and systems",
      "",
    ],
    [
      "GB 38031-2025",
      "电动汽车用动力蓄电池安全要求",
      "Electric vehicles traction battery safety requirements",
      "过充电、过放电、外部短路",
      "Overcharge, over-discharge, external short circuit",
      "动力蓄电池单体",
      "Traction battery cells",
      "",
    ],
    [
      "GB/T 31484-2015",
      "电动汽车用动力蓄电池循环寿命要求及试验方法",
      "Cycle life of traction batteries",
      "循环寿命",
      "Cycle life",
      "动力蓄电池",
      "Traction batteries",
      "",
    ],
    [
      "GB/T 36276-2023",
      "电力储能用锂离子电池",
      "Lithium-ion batteries for electrical energy storage",
      "安全性能",
      "Safety performance",
      "储能用锂离子电池",
      "Energy-storage Li-ion batteries",
      "",
    ],
  ],
  // 10 electronics
  [
    [
      "GB/T 17626.2-2018",
      "电磁兼容 试验和测量技术 静电放电抗扰度试验",
      "EMC — Testing — Electrostatic discharge immunity",
      "静电放电抗扰度（EMC）",
      "ESD immunity (EMC)",
      "电子电气产品",
      "Electrical and electronic products",
      "接触 ±8 kV，空气 ±15 kV",
    ],
    [
      "GB/T 17626.5-2019",
      "电磁兼容 试验和测量技术 浪涌（冲击）抗扰度试验",
      "EMC — Testing — Surge immunity",
      "浪涌抗扰度（EMC）",
      "Surge immunity (EMC)",
      "电子电气产品",
      "Electrical and electronic products",
      "≤ 4 kV",
    ],
    [
      "GB/T 9254.1-2021",
      "信息技术设备、多媒体设备和接收机 电磁兼容 第1部分：发射要求",
      "IT, multimedia equipment and receivers — EMC — Part 1: Emission",
      "传导发射、辐射发射（EMC）",
      "Conducted and radiated emission (EMC)",
      "信息技术设备",
      "IT equipment",
      "3 m 法",
    ],
    [
      "GB/T 26125-2011",
      "电子电气产品 六种限用物质的测定",
      "Electrical and electronic products — six regulated substances",
      "铅、汞、镉、六价铬、多溴联苯、多溴二苯醚（RoHS）",
      "Pb, Hg, Cd, Cr(VI), PBB, PBDE (RoHS)",
      "电子电气产品",
      "Electrical and electronic products",
      "",
    ],
  ],
  // 11 textile
  [
    [
      "GB 18401-2010",
      "国家纺织产品基本安全技术规范",
      "National general safety technical code for textile products",
      "甲醛含量、pH 值、色牢度",
      "Formaldehyde, pH, colour fastness",
      "纺织产品",
      "Textile products",
      "",
    ],
    [
      "GB/T 2912.1-2009",
      "纺织品 甲醛的测定 第1部分：游离和水解的甲醛（水萃取法）",
      "Textiles — Formaldehyde — Part 1: Free and hydrolysed (water extraction)",
      "甲醛含量",
      "Formaldehyde content",
      "纺织品",
      "Textiles",
      "",
    ],
  ],
];

/** The general bodies (profile 12) hold a few lines of the machinery, environmental, food and materials lists. */
LINES.push([LINES[0]![2]!, LINES[1]![0]!, LINES[2]![0]!, LINES[2]![2]!, LINES[4]![1]!]);

const PROFILES = LINES.length;

/**
 * Scope lines of every sample body. Bodies of the same profile differ: the k-th body of a profile lacks the
 * line (k + 1) mod (lines) when k > 0, so some services are performed by a body that is not accredited for
 * every item, which the search must then not show as accredited.
 */
export const accreditationScopes: SeedScope[] = certificationBodies.flatMap((body, index) => {
  const lines = LINES[index % PROFILES]!;
  const k = Math.floor(index / PROFILES);
  return lines
    .filter((_, i) => k === 0 || i !== (k + 1) % lines.length)
    .map(([standardNumber, standardTitleZh, standardTitleEn, itemZh, itemEn, productZh, productEn, limits]) => ({
      certificationBodyCode: body.code,
      standardNumber,
      standardTitleZh,
      standardTitleEn,
      itemZh,
      itemEn,
      productZh,
      productEn,
      limits: limits ? `（示例）${limits}` : "（示例）",
      cma: body.cmaNumber !== null,
      cnas: body.cnasNumber !== null,
      isSample: true,
    }));
});

const bodiesOfProfile = (profile: number) =>
  certificationBodies.filter((_, index) => index % PROFILES === profile).map((b) => b.code);

const yuan = (n: number) => n * 100;

const service = (
  profile: number,
  lineIndexes: number[],
  s: Omit<
    SeedTestService,
    "items" | "certificationBodyCodes" | "facilityCode" | "isSample" | "descriptionEn" | "descriptionZh"
  > & {
    zh: string;
    en: string;
  },
): SeedTestService => {
  const { zh, en, ...rest } = s;
  return {
    ...rest,
    facilityCode: "TESTING",
    descriptionZh: `（示例）${zh}`,
    descriptionEn: `(Sample) ${en}`,
    certificationBodyCodes: bodiesOfProfile(profile),
    items: lineIndexes.map((i) => {
      const line = LINES[profile]![i]!;
      return { standardNumber: line[0], itemZh: line[3], itemEn: line[4] };
    }),
    isSample: true,
  };
};

/** The general bodies also perform some services, though their scope covers only part of the items. */
const withBodies = (codes: string[], s: SeedTestService): SeedTestService => ({
  ...s,
  certificationBodyCodes: [...s.certificationBodyCodes, ...codes],
});

export const testServices: SeedTestService[] = [
  service(0, [0, 1], {
    code: "SVC-NDT",
    nameZh: "承压设备无损检测",
    nameEn: "NDT of pressure equipment",
    zh: "焊接接头与锻件的超声、射线检测。",
    en: "Ultrasonic and radiographic testing of welds and forgings.",
    priceUnit: "ITEM",
    priceInternalFen: yuan(500),
    priceExternalFen: yuan(800),
    turnaroundDays: 5,
  }),
  service(1, [0, 2], {
    code: "SVC-WATER",
    nameZh: "水质重金属与 COD 检测",
    nameEn: "Water: heavy metals and COD",
    zh: "地表水、地下水与废水的重金属（ICP-MS）和化学需氧量。",
    en: "Heavy metals (ICP-MS) and COD of surface water, groundwater and wastewater.",
    priceUnit: "SAMPLE",
    priceInternalFen: yuan(600),
    priceExternalFen: yuan(900),
    turnaroundDays: 7,
  }),
  service(1, [1], {
    code: "SVC-AIR-VOC",
    nameZh: "环境空气 VOCs 检测",
    nameEn: "Ambient-air VOCs",
    zh: "吸附管采样-热脱附/气相色谱-质谱法。",
    en: "Sorbent-tube sampling, thermal desorption, GC-MS.",
    priceUnit: "SAMPLE",
    priceInternalFen: yuan(800),
    priceExternalFen: yuan(1200),
    turnaroundDays: 10,
  }),
  withBodies(
    bodiesOfProfile(12),
    service(2, [0, 1], {
      code: "SVC-FOOD-METALS",
      nameZh: "食品重金属（铅、镉）检测",
      nameEn: "Heavy metals in food (lead, cadmium)",
      zh: "食品中铅、镉的测定。",
      en: "Lead and cadmium in food.",
      priceUnit: "ITEM",
      priceInternalFen: yuan(150),
      priceExternalFen: yuan(220),
      turnaroundDays: 5,
    }),
  ),
  service(2, [2], {
    code: "SVC-FOOD-SHELF",
    nameZh: "食品保质期验证（储存试验）",
    nameEn: "Food shelf-life study (storage test)",
    zh: "按委托方方案在设定温湿度下储存，定期测定菌落总数，评估保质期。",
    en: "Storage at set temperature and humidity with periodic aerobic plate counts to assess shelf life.",
    priceUnit: "SAMPLE",
    priceInternalFen: yuan(2000),
    priceExternalFen: yuan(3000),
    turnaroundDays: 20,
  }),
  service(2, [4], {
    code: "SVC-FOOD-CONTACT",
    nameZh: "食品接触用塑料总迁移量",
    nameEn: "Overall migration of food-contact plastics",
    zh: "依据 GB 4806.7-2016 的总迁移量测定。",
    en: "Overall migration according to GB 4806.7-2016.",
    priceUnit: "SAMPLE",
    priceInternalFen: yuan(900),
    priceExternalFen: yuan(1400),
    turnaroundDays: 10,
  }),
  service(3, [0], {
    code: "SVC-IT-SAFETY",
    nameZh: "信息技术设备电气安全",
    nameEn: "Electrical safety of IT equipment",
    zh: "音视频与信息技术设备的电气安全试验。",
    en: "Electrical safety tests of AV and IT equipment.",
    priceUnit: "SAMPLE",
    priceInternalFen: yuan(2000),
    priceExternalFen: yuan(3000),
    turnaroundDays: 10,
  }),
  service(4, [0, 1], {
    code: "SVC-METAL-MECH",
    nameZh: "金属材料力学与金相",
    nameEn: "Metals: tensile test and microstructure",
    zh: "室温拉伸与金相组织检验，适用于增材制造试样。",
    en: "Room-temperature tensile test and microstructure, including additively manufactured specimens.",
    priceUnit: "ITEM",
    priceInternalFen: yuan(150),
    priceExternalFen: yuan(250),
    turnaroundDays: 3,
  }),
  service(5, [0], {
    code: "SVC-COATING",
    nameZh: "墙面涂料有害物质",
    nameEn: "Harmful substances in wall coatings",
    zh: "VOC 含量与可溶性重金属。",
    en: "VOC content and soluble heavy metals.",
    priceUnit: "SAMPLE",
    priceInternalFen: yuan(700),
    priceExternalFen: yuan(1000),
    turnaroundDays: 7,
  }),
  service(6, [0], {
    code: "SVC-CONCRETE",
    nameZh: "混凝土抗压强度",
    nameEn: "Concrete compressive strength",
    zh: "混凝土试块抗压强度试验。",
    en: "Compressive strength of concrete specimens.",
    priceUnit: "SAMPLE",
    priceInternalFen: yuan(80),
    priceExternalFen: yuan(120),
    turnaroundDays: 3,
  }),
  service(7, [0], {
    code: "SVC-MED-CYTO",
    nameZh: "医疗器械细胞毒性",
    nameEn: "Cytotoxicity of medical devices",
    zh: "体外细胞毒性试验。",
    en: "In vitro cytotoxicity.",
    priceUnit: "SAMPLE",
    priceInternalFen: yuan(3000),
    priceExternalFen: yuan(4500),
    turnaroundDays: 15,
  }),
  service(8, [0, 1], {
    code: "SVC-AUTO-ENV",
    nameZh: "汽车零部件盐雾与振动",
    nameEn: "Automotive parts: salt spray and vibration",
    zh: "中性盐雾与正弦振动试验。",
    en: "Neutral salt spray and sinusoidal vibration.",
    priceUnit: "ITEM",
    priceInternalFen: yuan(1200),
    priceExternalFen: yuan(1800),
    turnaroundDays: 10,
  }),
  service(9, [0, 1], {
    code: "SVC-BAT-38031",
    nameZh: "动力电池安全（GB 38031）",
    nameEn: "Traction-battery safety (GB 38031)",
    zh: "单体过充、过放、外部短路与电池包热扩散试验。",
    en: "Cell overcharge, over-discharge, external short circuit and pack thermal propagation.",
    priceUnit: "SAMPLE",
    priceInternalFen: yuan(5000),
    priceExternalFen: yuan(7500),
    turnaroundDays: 15,
  }),
  service(9, [2], {
    code: "SVC-BAT-CYCLE",
    nameZh: "动力电池循环寿命",
    nameEn: "Traction-battery cycle life",
    zh: "标准循环寿命试验。",
    en: "Standard cycle-life test.",
    priceUnit: "SAMPLE",
    priceInternalFen: yuan(8000),
    priceExternalFen: yuan(12000),
    turnaroundDays: 30,
  }),
  service(10, [0, 1, 2], {
    code: "SVC-EMC",
    nameZh: "电磁兼容（EMC）测试",
    nameEn: "Electromagnetic compatibility (EMC)",
    zh: "静电放电、浪涌抗扰度与传导/辐射发射。",
    en: "ESD and surge immunity; conducted and radiated emission.",
    priceUnit: "ITEM",
    priceInternalFen: yuan(1500),
    priceExternalFen: yuan(2200),
    turnaroundDays: 10,
  }),
  service(10, [3], {
    code: "SVC-ROHS",
    nameZh: "电子电气产品 RoHS 六项",
    nameEn: "RoHS six substances",
    zh: "铅、汞、镉、六价铬、多溴联苯与多溴二苯醚。",
    en: "Lead, mercury, cadmium, hexavalent chromium, PBB and PBDE.",
    priceUnit: "SAMPLE",
    priceInternalFen: yuan(600),
    priceExternalFen: yuan(900),
    turnaroundDays: 5,
  }),
  service(11, [0], {
    code: "SVC-TEXTILE",
    nameZh: "纺织产品基本安全",
    nameEn: "Basic safety of textile products",
    zh: "甲醛、pH 值与色牢度。",
    en: "Formaldehyde, pH and colour fastness.",
    priceUnit: "SAMPLE",
    priceInternalFen: yuan(400),
    priceExternalFen: yuan(600),
    turnaroundDays: 5,
  }),
  {
    // Sample submission on an instrument (送样): the center's staff run it; no accreditation is claimed.
    code: "SVC-INS-ICPMS",
    facilityCode: "INSTRUMENT",
    resourceCode: "INS-ICPMS-01",
    nameZh: "ICP-MS 元素分析送样",
    nameEn: "ICP-MS element analysis (sample submission)",
    descriptionZh: "（示例）寄送样品，由仪器中心工程师上机测试，出具数据报告（非 CMA 报告）。",
    descriptionEn: "(Sample) Send samples; the center's engineers run them and issue a data report (not a CMA report).",
    priceUnit: "SAMPLE",
    priceInternalFen: yuan(300),
    priceExternalFen: yuan(450),
    turnaroundDays: 5,
    certificationBodyCodes: [],
    items: [{ standardNumber: "—", itemZh: "多元素含量", itemEn: "Multi-element content" }],
    isSample: true,
  },
];

/** Sign-ins for the staff of two sample bodies (BODY_STAFF), for the order board demo. */
export const bodyStaffAccounts = [
  { email: "staff.cb010@demo.zhongshi.cn", name: "新能源检测机构员工（示例）", certificationBodyCode: "CB-010" },
  { email: "staff.cb003@demo.zhongshi.cn", name: "食品检测机构员工（示例）", certificationBodyCode: "CB-003" },
];
