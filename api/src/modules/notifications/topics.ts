import type { Tx } from "./notifications.repository.ts";

export type Locale = "zh-CN" | "en";

/** What a template can use: the message's payload and, when it names a booking, that booking. */
export type NoticeContext = {
  outboxId: bigint;
  topic: string;
  payload: Record<string, unknown>;
  booking: BookingNotice | null;
};

export type BookingNotice = {
  id: string;
  kind: "BOOKING" | "MAINTENANCE";
  status: string;
  requesterId: string;
  organizationId: string | null;
  resourceId: string;
  resourceCode: string;
  resourceNameZh: string;
  resourceNameEn: string;
  facilityId: string;
  facilityNameZh: string;
  facilityNameEn: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  unitId: string;
  purpose: string;
  holdExpiresAt: Date | null;
  /** Who made the latest change (the actor of the latest event). */
  lastActorId: string | null;
  lastReason: string | null;
};

export type Rendered = { subject: string; lines: string[] };
/** A string with `{field}` placeholders (payload fields, and booking fields such as `{resource}`, `{when}`), or a function. */
export type Template = string | ((vars: Record<string, string>, ctx: NoticeContext) => Rendered);

/** `requester`: the booking's requester; `managers`: the facility's managers; other strings name payload fields holding user ids. */
export type RecipientRule = "requester" | "managers" | (string & {});

export type TopicSpec = {
  to: RecipientRule[];
  /** A payload field holding an e-mail address of someone who may have no account yet (invitations). */
  toAddress?: string;
  "zh-CN": Template;
  en: Template;
  /** Calendar attachment for bookings: an invitation, or its cancellation (same UID). */
  ics?: "REQUEST" | "CANCEL";
  /** Portal path the notification links to. */
  link?: (ctx: NoticeContext) => string | null;
  /** Managers may choose one digest instead of one mail each. */
  digest?: boolean;
  /** The message no longer applies (a reminder of a cancelled booking): nobody is told. */
  skip?: (ctx: NoticeContext) => boolean;
  /** Recipients who are not told even when a rule names them (the actor of their own cancellation). */
  exclude?: (ctx: NoticeContext) => string[];
};

/** Work a topic causes besides telling people (schedule reminders, offer freed time), in the expansion's transaction. */
export type TopicEffect = (tx: Tx, ctx: NoticeContext) => Promise<void>;

const specs = new Map<string, TopicSpec>();
const effects = new Map<string, TopicEffect[]>();

/**
 * Registers how a topic becomes notifications. Other modules add theirs in one line, e.g.
 * `defineTopic("order.quoted", { to: ["requesterId"], "zh-CN": "报价已出：{orderNo}", en: "Quote ready: {orderNo}" })`.
 */
export const defineTopic = (topic: string, spec: TopicSpec) => {
  specs.set(topic, spec);
};
export const onTopic = (topics: string[], effect: TopicEffect) => {
  for (const topic of topics) effects.set(topic, [...(effects.get(topic) ?? []), effect]);
};
export const topicSpec = (topic: string) => specs.get(topic);
export const topicEffects = (topic: string) => effects.get(topic) ?? [];
export const knownTopics = () => [...specs.keys()].sort();
