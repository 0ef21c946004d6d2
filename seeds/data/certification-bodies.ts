import type { CertificationDomain, SeedCertificationBody } from "./types.ts";
import { sampleUscc } from "./uscc.ts";

// DOMAIN.md says the testing center integrates 58 certification bodies but no public list names them,
// so all 58 are sample data (示例): names, codes, accreditations and contacts are generated from the index.

type Profile = {
  domains: CertificationDomain[];
  typeZh: string;
  typeEn: string;
  scopeZh: string;
  scopeEn: string;
};

const profiles: Profile[] = [
  {
    domains: ["machinery", "automotive"],
    typeZh: "机械产品检测有限公司",
    typeEn: "Machinery Testing Co., Ltd.",
    scopeZh: "通用机械、承压设备与零部件的尺寸、力学性能及无损检测（超声、射线、磁粉、渗透）。",
    scopeEn:
      "Dimensional, mechanical and non-destructive testing (UT, RT, MT, PT) of general machinery, pressure equipment and components.",
  },
  {
    domains: ["environmental", "chemical"],
    typeZh: "环境监测有限公司",
    typeEn: "Environmental Monitoring Co., Ltd.",
    scopeZh: "地表水、地下水、废水、环境空气、固定污染源废气、土壤及噪声监测。",
    scopeEn: "Monitoring of surface water, groundwater, wastewater, ambient air, stack emissions, soil and noise.",
  },
  {
    domains: ["food", "chemical"],
    typeZh: "食品检测技术有限公司",
    typeEn: "Food Testing Technology Co., Ltd.",
    scopeZh: "食品及食用农产品的微生物、农兽药残留、重金属、营养成分与食品添加剂检测。",
    scopeEn:
      "Microbiology, pesticide and veterinary-drug residues, heavy metals, nutrients and additives in food and edible farm produce.",
  },
  {
    domains: ["electrical", "electronics"],
    typeZh: "电器安全检测有限公司",
    typeEn: "Electrical Safety Testing Co., Ltd.",
    scopeZh: "家用电器、照明电器与低压电器的电气安全、能效及环境适应性试验。",
    scopeEn:
      "Electrical safety, energy efficiency and environmental tests of household appliances, lighting and low-voltage apparatus.",
  },
  {
    domains: ["materials", "machinery"],
    typeZh: "材料检测有限公司",
    typeEn: "Materials Testing Co., Ltd.",
    scopeZh: "金属与非金属材料的化学成分、力学性能、金相组织及失效分析。",
    scopeEn:
      "Chemical composition, mechanical properties, metallography and failure analysis of metallic and non-metallic materials.",
  },
  {
    domains: ["chemical", "environmental"],
    typeZh: "化工产品检测有限公司",
    typeEn: "Chemical Products Testing Co., Ltd.",
    scopeZh: "化工原料、涂料、胶粘剂与精细化学品的理化指标及有害物质检测。",
    scopeEn:
      "Physico-chemical properties and hazardous substances of chemical raw materials, coatings, adhesives and fine chemicals.",
  },
  {
    domains: ["construction", "materials"],
    typeZh: "建设工程质量检测有限公司",
    typeEn: "Construction Quality Testing Co., Ltd.",
    scopeZh: "水泥、混凝土、钢筋、砂石等建筑材料及地基基础、主体结构检测。",
    scopeEn: "Building materials (cement, concrete, rebar, aggregates), foundations and main structures.",
  },
  {
    domains: ["medical", "electrical"],
    typeZh: "医疗器械检测有限公司",
    typeEn: "Medical Device Testing Co., Ltd.",
    scopeZh: "医疗器械的生物相容性、电气安全、电磁兼容及无菌检测。",
    scopeEn: "Biocompatibility, electrical safety, EMC and sterility testing of medical devices.",
  },
  {
    domains: ["automotive", "machinery", "electrical"],
    typeZh: "汽车零部件检测有限公司",
    typeEn: "Automotive Parts Testing Co., Ltd.",
    scopeZh: "汽车零部件的耐久、振动、盐雾、高低温及材料性能试验。",
    scopeEn: "Durability, vibration, salt-spray, thermal and material tests of automotive parts.",
  },
  {
    domains: ["energy", "electrical", "materials"],
    typeZh: "新能源检测有限公司",
    typeEn: "New Energy Testing Co., Ltd.",
    scopeZh: "锂离子电池及电池材料的电性能、安全性能（过充、短路、针刺、热失控）与储能系统检测。",
    scopeEn:
      "Electrical and safety performance (overcharge, short circuit, nail penetration, thermal runaway) of lithium-ion cells, battery materials and storage systems.",
  },
  {
    domains: ["electronics", "electrical"],
    typeZh: "电子产品检测有限公司",
    typeEn: "Electronics Testing Co., Ltd.",
    scopeZh: "电子电气产品的电磁兼容（EMC）、可靠性与有害物质（RoHS）检测。",
    scopeEn:
      "Electromagnetic compatibility (EMC), reliability and restricted substances (RoHS) of electronic and electrical products.",
  },
  {
    domains: ["textile", "chemical"],
    typeZh: "纺织品检测有限公司",
    typeEn: "Textile Testing Co., Ltd.",
    scopeZh: "纺织品及服装的纤维成分、色牢度、甲醛、pH 值和可分解致癌芳香胺染料检测。",
    scopeEn: "Fibre content, colour fastness, formaldehyde, pH and banned azo dyes in textiles and garments.",
  },
  {
    domains: ["machinery", "environmental", "food", "materials"],
    typeZh: "综合检验检测有限公司",
    typeEn: "General Inspection & Testing Co., Ltd.",
    scopeZh: "机械、环保、食品与材料领域的综合检验检测和认证咨询。",
    scopeEn: "General inspection, testing and certification advice for machinery, environmental, food and materials.",
  },
];

/** Trade-name stems of the sample bodies, one per body. */
const stems: [zh: string, en: string][] = [
  ["黔峰", "Qianfeng"],
  ["筑诚", "Zhucheng"],
  ["林泉", "Linquan"],
  ["明澈", "Mingche"],
  ["恒度", "Hengdu"],
  ["精衡", "Jingheng"],
  ["正准", "Zhengzhun"],
  ["信测", "Xince"],
  ["科衡", "Keheng"],
  ["华检", "Huajian"],
  ["安标", "Anbiao"],
  ["德量", "Deliang"],
  ["睿检", "Ruijian"],
  ["中准", "Zhongzhun"],
  ["鉴远", "Jianyuan"],
  ["立信", "Lixin"],
  ["博测", "Boce"],
  ["谱源", "Puyuan"],
  ["准衡", "Zhunheng"],
  ["清源", "Qingyuan"],
  ["云测", "Yunce"],
  ["山川", "Shanchuan"],
  ["远衡", "Yuanheng"],
  ["信诺", "Xinnuo"],
  ["卓检", "Zhuojian"],
  ["晶测", "Jingce"],
  ["启明", "Qiming"],
  ["天衡", "Tianheng"],
  ["九鼎", "Jiuding"],
  ["致远", "Zhiyuan"],
  ["弘测", "Hongce"],
  ["泰衡", "Taiheng"],
  ["宏准", "Hongzhun"],
  ["优标", "Youbiao"],
  ["同信", "Tongxin"],
  ["凯测", "Kaice"],
  ["朗清", "Langqing"],
  ["嘉量", "Jialiang"],
  ["诚测", "Chengce"],
  ["汇检", "Huijian"],
  ["星衡", "Xingheng"],
  ["新准", "Xinzhun"],
  ["铭检", "Mingjian"],
  ["金衡", "Jinheng"],
  ["瑞标", "Ruibiao"],
  ["广谱", "Guangpu"],
  ["乾衡", "Qianheng"],
  ["永信", "Yongxin"],
  ["聚检", "Jujian"],
  ["合衡", "Heheng"],
  ["量衡", "Liangheng"],
  ["睿衡", "Ruiheng"],
  ["正源", "Zhengyuan"],
  ["鼎测", "Dingce"],
  ["昊检", "Haojian"],
  ["源测", "Yuance"],
  ["邦测", "Bangce"],
  ["华衡", "Huaheng"],
];

const surnames = [
  "王",
  "李",
  "张",
  "刘",
  "陈",
  "杨",
  "黄",
  "赵",
  "吴",
  "周",
  "徐",
  "孙",
  "马",
  "朱",
  "胡",
  "郭",
  "何",
  "罗",
  "梁",
  "宋",
  "谢",
  "韩",
  "唐",
];

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Profile of the body at `index`: the first 13 bodies take one profile each, so every domain is covered. */
const profileOf = (index: number): Profile => profiles[index % profiles.length]!;

export const certificationBodies: SeedCertificationBody[] = stems.map(([stemZh, stemEn], index) => {
  const n = index + 1;
  const profile = profileOf(index);
  return {
    code: `CB-${pad(n, 3)}`,
    nameZh: `贵州${stemZh}${profile.typeZh}（示例）`,
    nameEn: `Guizhou ${stemEn} ${profile.typeEn} (Sample)`,
    uscc: sampleUscc({ serial: 100 + n, divisionCode: index % 2 === 0 ? "520115" : "520100" }),
    domains: [...profile.domains],
    // Every body performs services, so every one holds a CMA certificate: the real 12-digit layout (two
    // digits of the year, 24 for Guizhou, two of the field, a six-digit serial), with a serial that starts
    // 9999 so no real certificate can match. Some hold no CNAS accreditation, which is optional; the CNAS
    // numbers start at L99000, far above any issued so far.
    cmaNumber: `${pad(16 + (index % 9), 2)}24${pad(1 + (index % profiles.length), 2)}9999${pad(n, 2)}`,
    cnasNumber: index % 4 === 3 ? null : `CNAS L99${pad(n, 3)}`,
    scopeZh: `（示例）${profile.scopeZh}`,
    scopeEn: `(Sample) ${profile.scopeEn}`,
    contactName: `${surnames[index % surnames.length]}工（示例）`,
    // Local numbers in China never start with 0: 0851-0000xxxx cannot be dialled, so nobody is called by mistake.
    contactPhone: `0851-0000${pad(n, 4)}`,
    contactEmail: `cb${pad(n, 3)}@example.cn`,
    address: `贵州省贵阳市贵阳国家高新区贵州科学城示例检测园区${1 + (index % 8)}号楼${1 + (index % 6)}层（示例地址）`,
    isSample: true,
  };
});
