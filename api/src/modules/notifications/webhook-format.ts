import { createHmac } from "node:crypto";

export type WebhookFormat = "JSON" | "WECOM" | "DINGTALK";
export type WebhookRequest = { url: string; headers: Record<string, string>; body: string };

export const SIGNATURE_HEADER = "X-Zhongshi-Signature";

/** `sha256=<hex>` of `<timestamp>.<body>`: the timestamp is signed too, so an old body cannot be replayed later. */
export const signBody = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;

/**
 * Builds the HTTP request of one webhook call. JSON: the event, signed in a header. WeCom and DingTalk group
 * robots accept `{"msgtype":"text","text":{"content":…}}`; DingTalk's "加签" puts its own signature in the URL.
 */
export const buildWebhookRequest = ({
  format,
  url,
  secret,
  messageId,
  topic,
  text,
  data,
  now = Date.now(),
}: {
  format: WebhookFormat;
  url: string;
  secret: string;
  messageId: string;
  topic: string;
  text: string;
  data: Record<string, unknown>;
  now?: number;
}): WebhookRequest => {
  const timestamp = String(now);
  if (format === "JSON") {
    const body = JSON.stringify({ id: messageId, topic, occurredAt: new Date(now).toISOString(), text, data });
    return {
      url,
      body,
      headers: {
        "content-type": "application/json",
        "X-Zhongshi-Event": topic,
        "X-Zhongshi-Delivery": messageId,
        "X-Zhongshi-Timestamp": timestamp,
        [SIGNATURE_HEADER]: signBody(secret, timestamp, body),
      },
    };
  }
  const body = JSON.stringify({ msgtype: "text", text: { content: text } });
  let target = url;
  if (format === "DINGTALK" && secret) {
    const sign = createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
    const u = new URL(url);
    u.searchParams.set("timestamp", timestamp);
    u.searchParams.set("sign", sign);
    target = u.toString();
  }
  return { url: target, body, headers: { "content-type": "application/json" } };
};
