// What the portal says when the API refuses something: one message per stable problem code, in Chinese and
// English, and one per kind of field error (zod's issue codes and ours), filled from the error's params. The
// API's own `detail` and zod's `message` are English text for developers; they never reach a page.
//
// Pure (no portal imports): the caller passes the language, currentLanguage() from $lib/i18n in the portal.
// The table is typed from the API's error catalogue: a code added there without a message here fails the
// typecheck, and tests/contract/problem-messages.test.ts checks that no message is empty.
import type { ErrorCode, TFieldError, TProblemBase } from "@zhongshi/api/contract";

export type Language = "zh" | "en";
export type Bilingual = { zh: string; en: string };
/** The API's codes, plus the one the portal makes up when it cannot reach the API at all. */
export type ProblemCode = ErrorCode | "API_UNREACHABLE";

export const PROBLEM_MESSAGES: Record<ProblemCode, Bilingual> = {
  VALIDATION_FAILED: {
    zh: "有些内容填写不正确，请检查后再提交。",
    en: "Some of the input is not valid. Check it and try again.",
  },
  MALFORMED_REQUEST: {
    zh: "请求无法读取，请刷新页面后重试。",
    en: "The request could not be read. Reload the page and try again.",
  },
  INVALID_CHARACTER: { zh: "输入中含有不允许的字符。", en: "The input contains a character that is not allowed." },
  RANGE_TOO_LONG: { zh: "时间范围太长。", en: "The time range is too long." },
  WEBHOOK_ADDRESS_FORBIDDEN: {
    zh: "Webhook 地址必须是公网地址，不能指向本机、内网或云元数据地址。",
    en: "The webhook address must be public: not this machine, a private network or a cloud metadata address.",
  },
  UNAUTHENTICATED: { zh: "请先登录。", en: "Please sign in first." },
  INVALID_CREDENTIALS: { zh: "电子邮箱或密码不正确。", en: "The e-mail or the password is wrong." },
  FORBIDDEN: { zh: "您没有权限执行此操作。", en: "You are not allowed to do this." },
  CSRF_REJECTED: {
    zh: "请求来自其他网站，已被拒绝。请从本站页面重新提交。",
    en: "The request came from another site and was refused. Submit it again from this portal.",
  },
  NOT_FOUND: {
    zh: "未找到该记录，它可能已被删除，或链接已失效。",
    en: "Not found: it may have been removed, or the link has expired.",
  },
  BOOKING_CONFLICT: { zh: "该时段已被占用，请选择其他时间。", en: "This time is already taken. Choose another time." },
  MAINTENANCE_CONFLICT: { zh: "维护时段与已有预约重叠。", en: "The maintenance block overlaps existing bookings." },
  INVALID_TRANSITION: {
    zh: "当前状态下无法进行此操作，请刷新页面查看最新状态。",
    en: "This is not possible in the current state. Reload the page to see the latest state.",
  },
  ALREADY_EXISTS: { zh: "该记录已存在。", en: "This exists already." },
  PRECONDITION_FAILED: {
    zh: "其他人刚刚修改了这条记录，请刷新页面后重试。",
    en: "Someone else changed this just now. Reload the page and try again.",
  },
  PAYLOAD_TOO_LARGE: { zh: "提交的内容或文件太大。", en: "The submitted content or file is too large." },
  URI_TOO_LONG: { zh: "查询条件太长，请减少筛选条件。", en: "The query is too long. Use fewer filters." },
  HEADERS_TOO_LARGE: {
    zh: "请求头太大，请清除本站的 Cookie 后重试。",
    en: "The request headers are too large. Clear this site's cookies and try again.",
  },
  UNSUPPORTED_MEDIA_TYPE: { zh: "不支持此文件类型。", en: "This type of file is not accepted." },
  RULE_VIOLATION: { zh: "该请求不符合预约或使用规则。", en: "The request breaks a booking or usage rule." },
  IDEMPOTENCY_KEY_REUSED: {
    zh: "同一请求编号被用于不同的内容，请刷新页面后重新提交。",
    en: "The same request key was used for different content. Reload the page and submit again.",
  },
  VOUCHER_NOT_APPLICABLE: { zh: "此创新券不能用于该项费用。", en: "This voucher cannot pay for this." },
  AMOUNT_EXCEEDS_BALANCE: {
    zh: "金额超过了余额或未付金额。",
    en: "The amount exceeds the balance or what is outstanding.",
  },
  IDEMPOTENCY_IN_PROGRESS: {
    zh: "相同的请求仍在处理中，请稍候。",
    en: "The same request is still being processed. Please wait a moment.",
  },
  RATE_LIMITED: { zh: "尝试次数过多，请稍后再试。", en: "Too many attempts. Please try again later." },
  INTERNAL: {
    zh: "系统内部出错，请求未被执行。请稍后再试。",
    en: "Something went wrong on our side; nothing was changed. Please try again later.",
  },
  DATABASE_UNAVAILABLE: {
    zh: "服务暂时不可用，请稍后再试。",
    en: "The service is briefly unavailable. Please try again shortly.",
  },
  API_UNREACHABLE: {
    zh: "暂时无法连接到服务，请稍后再试。",
    en: "The service cannot be reached right now. Please try again shortly.",
  },
};

/** Sentences added after the code's message when the problem carries the number they name. */
export const PARAM_MESSAGES = {
  maxDays: { zh: "最多 {maxDays} 天。", en: "At most {maxDays} days." },
  retryAfterSeconds: { zh: "请在 {retryAfterSeconds} 秒后重试。", en: "Try again in {retryAfterSeconds} seconds." },
} satisfies Record<string, Bilingual>;

/** For a code the table does not know (a newer API than this portal), by the answer's status. */
export const FALLBACK_MESSAGE: Bilingual = {
  zh: "请求未能完成，请稍后再试。",
  en: "The request could not be completed. Please try again later.",
};

/**
 * Field errors by kind. Keys are zod's issue codes, refined by the kind of value (`too_big.string`) and by an
 * exact length, then our own codes (`not_after`, `range_too_long`); `invalid` is for anything else.
 */
export const FIELD_MESSAGES = {
  "too_big.string": { zh: "最多 {maximum} 个字符", en: "at most {maximum} characters" },
  "too_big.array": { zh: "最多 {maximum} 项", en: "at most {maximum} items" },
  "too_big.number": { zh: "不能大于 {maximum}", en: "at most {maximum}" },
  "too_big.exclusive": { zh: "必须小于 {maximum}", en: "must be less than {maximum}" },
  "too_big.date": { zh: "日期太晚", en: "too late" },
  too_big: { zh: "太大", en: "too large" },
  "too_small.required": { zh: "必填", en: "required" },
  "too_small.string": { zh: "至少 {minimum} 个字符", en: "at least {minimum} characters" },
  "too_small.array": { zh: "至少 {minimum} 项", en: "at least {minimum} items" },
  "too_small.number": { zh: "不能小于 {minimum}", en: "at least {minimum}" },
  "too_small.exclusive": { zh: "必须大于 {minimum}", en: "must be more than {minimum}" },
  "too_small.date": { zh: "日期太早", en: "too early" },
  too_small: { zh: "太小", en: "too small" },
  exact: { zh: "必须正好 {length} 个字符", en: "must be exactly {length} characters" },
  "invalid_format.email": { zh: "不是有效的电子邮箱地址", en: "is not a valid e-mail address" },
  "invalid_format.datetime": { zh: "不是有效的日期和时间", en: "is not a valid date and time" },
  "invalid_format.date": { zh: "不是有效的日期", en: "is not a valid date" },
  "invalid_format.uuid": { zh: "不是有效的编号", en: "is not a valid identifier" },
  "invalid_format.url": { zh: "不是有效的网址", en: "is not a valid web address" },
  invalid_format: { zh: "格式不正确", en: "is not in the expected format" },
  invalid_type: { zh: "缺失或类型不正确", en: "is missing or of the wrong type" },
  invalid_value: { zh: "不是允许的取值", en: "is not one of the allowed values" },
  not_multiple_of: { zh: "必须是 {divisor} 的倍数", en: "must be a multiple of {divisor}" },
  unrecognized_keys: { zh: "包含不接受的字段", en: "contains fields that are not accepted" },
  not_after: { zh: "必须晚于开始时间", en: "must be after the start" },
  range_too_long: { zh: "最多 {maxDays} 天", en: "at most {maxDays} days" },
  not_before_start: { zh: "不能早于开始日期", en: "must not be before the start" },
  not_in_past: { zh: "不能是过去的时间", en: "must not be in the past" },
  in_future: { zh: "必须是将来的时间", en: "must be in the future" },
  past_month: { zh: "只能是已结束的月份", en: "must be a month that has ended" },
  required_with_quota: { zh: "设置了配额时必填", en: "required with a quota" },
  // The holiday calendar: a statutory day stays a holiday, and an imported notice's lines (the page names the line).
  statutory_workday: {
    zh: "{date} 是法定节假日（{nameZh}），不能设为工作日",
    en: "{date} is {nameEn}, a statutory holiday: it cannot be a working day",
  },
  statutory_kept: {
    zh: "{date} 是法定节假日（{nameZh}），不能删除，可修改名称或来源",
    en: "{date} is {nameEn}, a statutory holiday: it stays; edit its name or source instead",
  },
  not_a_date: { zh: "“{value}”不是日期（应为 YYYY-MM-DD）", en: '"{value}" is not a date (YYYY-MM-DD)' },
  wrong_year: { zh: "{date} 不在 {year} 年内", en: "{date} is not in {year}" },
  unknown_kind: {
    zh: "类型应为 HOLIDAY（休）或 WORKDAY（班），而不是“{value}”",
    en: 'the kind must be HOLIDAY or WORKDAY, not "{value}"',
  },
  name_missing: { zh: "缺少名称", en: "the name is missing" },
  source_missing: {
    zh: "缺少来源，请注明所依据的通知",
    en: "the source is missing: name the notice the day comes from",
  },
  invalid_json: { zh: "文件不是有效的 JSON", en: "the file is not valid JSON" },
  not_an_array: { zh: "JSON 内容应为数组", en: "the JSON must be an array" },
  invalid_csv: { zh: "文件不是有效的 CSV", en: "the file is not valid CSV" },
  header_missing: { zh: "表头缺少“{column}”列", en: 'the header must name a "{column}" column' },
  duplicate_date: { zh: "{date} 出现了两次", en: "{date} appears twice" },
  no_days: { zh: "文件中没有任何日期", en: "the file holds no days" },
  invalid: { zh: "填写不正确", en: "is not valid" },
} satisfies Record<string, Bilingual>;

type FieldMessageKey = keyof typeof FIELD_MESSAGES;

/** Names of the fields the API's errors name most often (the last segment of the path); pages may add theirs. */
export const FIELD_LABELS: Record<string, Bilingual> = {
  email: { zh: "电子邮箱", en: "E-mail" },
  password: { zh: "密码", en: "Password" },
  currentPassword: { zh: "当前密码", en: "Current password" },
  newPassword: { zh: "新密码", en: "New password" },
  name: { zh: "名称", en: "Name" },
  nameZh: { zh: "中文名称", en: "Chinese name" },
  nameEn: { zh: "英文名称", en: "English name" },
  uscc: { zh: "统一社会信用代码", en: "Unified social credit code" },
  phone: { zh: "联系电话", en: "Phone" },
  code: { zh: "编号", en: "Code" },
  purpose: { zh: "用途", en: "Purpose" },
  reason: { zh: "原因", en: "Reason" },
  note: { zh: "备注", en: "Note" },
  start: { zh: "开始时间", en: "Start" },
  end: { zh: "结束时间", en: "End" },
  from: { zh: "开始日期", en: "From" },
  to: { zh: "结束日期", en: "To" },
  url: { zh: "网址", en: "Address" },
  role: { zh: "角色", en: "Role" },
  token: { zh: "链接", en: "Link" },
};

const fill = (text: string, params: Record<string, unknown>) =>
  text.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    return typeof value === "number" || typeof value === "string" ? String(value) : whole;
  });

/** What a page keeps of a problem to show it: the code, the status, the field errors and the numbers its message names. */
export type ShownProblem = {
  status: number;
  code: string;
  errors?: TFieldError[];
  params?: Record<string, string | number>;
};

const isKnown = (code: string): code is ProblemCode => Object.hasOwn(PROBLEM_MESSAGES, code);

/**
 * Reduces an API problem to what a page needs to show it (and what survives a form action's serialization): the
 * code, the status, the params its message names, and the field errors without their English `message`.
 */
export const shownProblem = (problem: TProblemBase & { [extra: string]: unknown }): ShownProblem => {
  const params: Record<string, string | number> = {};
  for (const key of Object.keys(PARAM_MESSAGES)) {
    const value = problem[key];
    if (typeof value === "number" || typeof value === "string") params[key] = value;
  }
  return {
    status: problem.status,
    code: problem.code,
    ...(problem.errors?.length ? { errors: problem.errors.map((error) => ({ ...error, message: "" })) } : {}),
    ...(Object.keys(params).length ? { params } : {}),
  };
};

/**
 * A problem found by the portal's own checks before it asks the API (a date that is no date, a missing reason),
 * shown like the API's: VALIDATION_FAILED with field errors by code and params, e.g.
 * `localProblem({ path: "date", code: "invalid_format", params: { format: "date" } })`.
 */
export const localProblem = (
  ...errors: { path: string; code: string; params?: Record<string, string | number> }[]
): ShownProblem => ({
  status: 400,
  code: "VALIDATION_FAILED",
  errors: errors.map((error) => ({ ...error, message: "" })),
});

/** The problem's message in the given language, from its code and params; never the API's English detail. */
export const problemMessage = (problem: ShownProblem, language: Language) => {
  const message = isKnown(problem.code) ? PROBLEM_MESSAGES[problem.code][language] : FALLBACK_MESSAGE[language];
  const params = problem.params ?? {};
  const extra = Object.entries(PARAM_MESSAGES)
    .filter(([key]) => params[key] !== undefined)
    .map(([, sentence]) => fill(sentence[language], params));
  return [message, ...extra].join(language === "zh" ? "" : " ");
};

const fieldKey = (error: TFieldError): FieldMessageKey => {
  const params = error.params ?? {};
  const code = error.code ?? "invalid";
  const origin = typeof params.origin === "string" ? params.origin : "";
  const kind =
    origin === "string"
      ? "string"
      : origin === "array" || origin === "set"
        ? "array"
        : origin === "date"
          ? "date"
          : origin
            ? "number"
            : "";
  if (code === "too_big" || code === "too_small") {
    if (params.exact && kind === "string") return "exact";
    if (code === "too_small" && kind === "string" && Number(params.minimum) === 1) return "too_small.required";
    if (params.exclusive && kind === "number") return `${code}.exclusive`;
    return kind ? `${code}.${kind}` : code;
  }
  if (code === "invalid_format") {
    const format = `invalid_format.${String(params.format ?? "")}`;
    return format in FIELD_MESSAGES ? (format as FieldMessageKey) : "invalid_format";
  }
  return code in FIELD_MESSAGES ? (code as FieldMessageKey) : "invalid";
};

/** One field error's message ("at most 200 characters") in the given language, from its code and params. */
export const fieldMessage = (error: TFieldError, language: Language) => {
  const params: Record<string, unknown> = { ...error.params };
  params.length = params.maximum ?? params.minimum;
  const text = fill(FIELD_MESSAGES[fieldKey(error)][language], params);
  return /\{\w+\}/.test(text) ? FIELD_MESSAGES.invalid[language] : text;
};

/** The label of the field an error names: the page's own label, else the common one, else none. */
export const fieldLabel = (path: string, labels: Record<string, string>, language: Language) =>
  labels[path] ?? FIELD_LABELS[path.split(".").at(-1) ?? ""]?.[language];
