import type { FacilityCode, SeedAccount, SeedOrganization } from "./types.ts";
import { sampleUscc } from "./uscc.ts";

// Demo organisations and sign-ins. The two SMEs are sample data (示例); the bureau is the real authority named
// in DOMAIN.md, without a USCC because none is given there.
export const demoOrganizations: SeedOrganization[] = [
  {
    key: "sme-battery",
    kind: "SME",
    nameZh: "贵州示例电池科技有限公司",
    nameEn: "Guizhou Sample Battery Technology Co., Ltd.",
    uscc: sampleUscc({ serial: 1, divisionCode: "520115" }),
    isSample: true,
  },
  {
    key: "sme-food",
    kind: "SME",
    nameZh: "贵州示例食品有限公司",
    nameEn: "Guizhou Sample Food Co., Ltd.",
    uscc: sampleUscc({ serial: 2, divisionCode: "520100" }),
    isSample: true,
  },
  {
    key: "authority",
    kind: "AUTHORITY",
    nameZh: "贵阳国家高新区科技创新局",
    nameEn: "Science & Technology Innovation Bureau, Guiyang National High-tech Zone",
    uscc: null,
    isSample: false,
  },
];

// Demo accounts carry no password: it is generated per install and given to `seedDemo`.
const manager = (facilityCode: FacilityCode, slug: string, nameZh: string): SeedAccount => ({
  email: `manager.${slug}@demo.zhongshi.cn`,
  name: `${nameZh}平台管理员（示例）`,
  role: "MANAGER",
  // Managers sit in the bureau's organisation rather than an operator's: the bureau runs 两基地三中心 as one
  // system, and an operator membership would wrongly let them book as that operator.
  organizationKey: "authority",
  managesFacilityCodes: [facilityCode],
});

export const demoAccounts: SeedAccount[] = [
  {
    email: "sme@demo.zhongshi.cn",
    name: "电池企业用户（示例）",
    role: "MEMBER",
    organizationKey: "sme-battery",
  },
  {
    email: "sme2@demo.zhongshi.cn",
    name: "食品企业用户（示例）",
    role: "MEMBER",
    organizationKey: "sme-food",
  },
  manager("BATTERY", "battery", "新能源电池及材料中试基地"),
  manager("FOOD", "food", "特色功能食品中试基地"),
  manager("INSTRUMENT", "instrument", "大型仪器共享中心"),
  manager("TESTING", "testing", "检验检测共享中心"),
  manager("PRINTING", "printing", "打印材料共享中心"),
  {
    email: "admin@demo.zhongshi.cn",
    name: "高新区科技创新局管理员（示例）",
    role: "ADMIN",
    organizationKey: "authority",
  },
];
