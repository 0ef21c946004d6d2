import type { SeedFacility, SeedOpeningHours } from "./types.ts";

const h = (hhmm: string): number => {
  const [hours, minutes] = hhmm.split(":").map(Number);
  return hours! * 60 + minutes!;
};

/** Opening hours for the given ISO weekdays, one row per window ('08:30-12:00'). */
export const weeklyHours = (
  weekdays: readonly SeedOpeningHours["weekday"][],
  ...windows: string[]
): SeedOpeningHours[] =>
  weekdays.flatMap((weekday) =>
    windows.map((window) => {
      const [opens, closes] = window.split("-");
      return { weekday, opensMin: h(opens!), closesMin: h(closes!) };
    }),
  );

export const MON_FRI = [1, 2, 3, 4, 5] as const;
export const SAT = [6] as const;
export const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7] as const;

// The facilities, their names, offers and operators come from DOMAIN.md (public reporting of 2025-03-25).
// Their opening hours are sample data (示例): no source publishes them.
export const facilities: SeedFacility[] = [
  {
    code: "BATTERY",
    kind: "BASE",
    nameZh: "新能源电池及材料中试基地",
    nameEn: "New-energy battery & materials pilot base",
    summaryZh: "覆盖前驱体材料、正极材料、负极材料、隔膜材料和电池电控系统的中试服务。",
    summaryEn:
      "Pilot runs across precursor materials, cathode, anode and separator materials, and battery control systems.",
    operators: [
      { key: "zhenhua", nameZh: "振华新材", nameEn: "Zhenhua New Materials", kind: "OPERATOR", isSample: false },
      {
        key: "green-industry-institute",
        nameZh: "贵州绿色产业技术研究院",
        nameEn: "Guizhou Green Industry Technology Research Institute",
        kind: "INSTITUTE",
        isSample: false,
      },
      { key: "zhihui-power", nameZh: "智慧电力", nameEn: "Zhihui Power", kind: "OPERATOR", isSample: false },
    ],
    openingHours: [...weeklyHours(MON_FRI, "08:00-20:00"), ...weeklyHours(SAT, "09:00-17:00")],
  },
  {
    code: "FOOD",
    kind: "BASE",
    nameZh: "特色功能食品中试基地",
    nameEn: "Specialty functional-food pilot base",
    summaryZh: "从应用基础研究到产业化的一站式服务：“你有好想法，我们帮你变成商品”。",
    summaryEn:
      "One-stop service from applied basic research to industrialisation: “you have a good idea, we help turn it into a product”.",
    operators: [
      {
        key: "natural-products-center",
        nameZh: "贵州省天然产物研究中心",
        nameEn: "Guizhou Provincial Natural Products Research Center",
        kind: "INSTITUTE",
        isSample: false,
      },
      {
        key: "light-industry-institute",
        nameZh: "贵州省轻工工业科学研究所",
        nameEn: "Guizhou Provincial Light Industry Science Research Institute",
        kind: "INSTITUTE",
        isSample: false,
      },
    ],
    openingHours: weeklyHours(MON_FRI, "08:00-18:00"),
  },
  {
    code: "INSTRUMENT",
    kind: "CENTER",
    nameZh: "大型仪器共享中心",
    nameEn: "Large-instrument sharing center",
    summaryZh: "以大数据手段推动仪器“上云”，打破科研资源孤岛，让仪器看得见、找得到、用得着、转得动。",
    summaryEn:
      "Puts instruments “on the cloud” with big-data means, breaking research-resource silos: instruments that are visible, findable, usable and transferable.",
    operators: [{ key: "zhongyiyun", nameZh: "众仪云", nameEn: "Zhongyiyun", kind: "OPERATOR", isSample: false }],
    openingHours: [
      ...weeklyHours(MON_FRI, "08:30-12:00", "13:30-17:30"),
      ...weeklyHours(SAT, "09:00-12:00", "13:30-17:00"),
    ],
  },
  {
    code: "TESTING",
    kind: "CENTER",
    nameZh: "检验检测共享中心",
    nameEn: "Inspection & testing sharing center",
    summaryZh: "整合58家认证机构，提供机械环保、食品等全领域测试认证服务。",
    summaryEn:
      "Integrates 58 certification bodies for test and certification services across all fields: machinery, environmental, food and more.",
    // Operated by the 58 certification bodies themselves (see certification-bodies.ts), not by one operator.
    operators: [],
    openingHours: weeklyHours(MON_FRI, "08:30-12:00", "13:30-17:30"),
  },
  {
    code: "PRINTING",
    kind: "CENTER",
    nameZh: "打印材料共享中心",
    nameEn: "Printing-materials (additive manufacturing) sharing center",
    summaryZh: "提供金属与非金属增材制造从研发到后处理的一站式服务；森远增材的打印原材料实现国产化替代。",
    summaryEn:
      "One-stop metal and non-metal additive manufacturing, from R&D to post-processing; raw materials from Senyuan Additive replace imports.",
    operators: [
      { key: "senyuan", nameZh: "森远增材", nameEn: "Senyuan Additive", kind: "OPERATOR", isSample: false },
      { key: "zhongxin-xinying", nameZh: "众信信赢", nameEn: "Zhongxin Xinying", kind: "OPERATOR", isSample: false },
    ],
    openingHours: [...weeklyHours(MON_FRI, "08:00-20:00"), ...weeklyHours(SAT, "09:00-17:00")],
  },
];
