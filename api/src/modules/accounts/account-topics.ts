import { defineTopic } from "../notifications/topics.ts";

// Links carry a one-time secret; `path` is the portal page that consumes it.
const linkOf = (ctx: { payload: Record<string, unknown> }) =>
  typeof ctx.payload.path === "string" ? ctx.payload.path : null;

defineTopic("account.verify_email", {
  to: ["userId"],
  link: linkOf,
  "zh-CN": (v) => ({
    subject: "请验证您的邮箱地址",
    lines: [`${v.name}，您好：`, `请点击下面的链接验证邮箱地址，链接 ${v.hours} 小时内有效。`],
  }),
  en: (v) => ({
    subject: "Verify your e-mail address",
    lines: [`Hello ${v.name},`, `Open the link below to verify your e-mail address. It works for ${v.hours} hours.`],
  }),
});

defineTopic("account.password_reset", {
  to: ["userId"],
  link: linkOf,
  "zh-CN": (v) => ({
    subject: "重置密码",
    lines: [
      `有人（希望是您）申请重置中试通的密码。`,
      `链接 ${v.minutes} 分钟内有效，只能使用一次。如果不是您本人操作，请忽略此邮件。`,
    ],
  }),
  en: (v) => ({
    subject: "Reset your password",
    lines: [
      `Someone (hopefully you) asked to reset your Zhongshi password.`,
      `The link works once, for ${v.minutes} minutes. If it was not you, ignore this mail.`,
    ],
  }),
});

defineTopic("account.invited", {
  to: [],
  toAddress: "email",
  link: linkOf,
  "zh-CN": (v) => ({
    subject: `邀请您加入 ${v.organizationName}（中试通）`,
    lines: [`${v.inviterName} 邀请您以成员身份加入 ${v.organizationName}。`, `链接 ${v.days} 天内有效。`],
  }),
  en: (v) => ({
    subject: `Join ${v.organizationName} on Zhongshi`,
    lines: [`${v.inviterName} invites you to join ${v.organizationName}.`, `The link works for ${v.days} days.`],
  }),
});

defineTopic("organization.registered", {
  to: ["adminIds"],
  link: () => "/admin/organizations",
  "zh-CN": "新企业注册待审核：{organizationName}（{uscc}）",
  en: "New organization awaiting verification: {organizationName} ({uscc})",
});

defineTopic("organization.verified", {
  to: ["memberIds"],
  "zh-CN": "贵单位 {organizationName} 已通过注册审核，现在可以预约了。",
  en: "{organizationName} is verified: you can book now.",
});

defineTopic("organization.refused", {
  to: ["memberIds"],
  "zh-CN": (v) => ({
    subject: `注册审核未通过：${v.organizationName}`,
    lines: [`贵单位 ${v.organizationName} 的注册未通过审核。`, `原因：${v.reason}`],
  }),
  en: (v) => ({
    subject: `Registration refused: ${v.organizationName}`,
    lines: [`The registration of ${v.organizationName} was refused.`, `Reason: ${v.reason}`],
  }),
});
