import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildWebhookRequest, signBody } from "./webhook-format.ts";

const base = {
  url: "http://h/x",
  secret: "s3",
  messageId: "m1",
  topic: "booking.approved",
  text: "hi",
  data: {},
  now: 1000,
};

describe("webhook requests", () => {
  it("signs the timestamp and body of a JSON call with HMAC-SHA256", () => {
    const r = buildWebhookRequest({ ...base, format: "JSON" });
    const expected = createHmac("sha256", "s3").update(`1000.${r.body}`).digest("hex");
    expect(r.headers["X-Zhongshi-Signature"]).toBe(`sha256=${expected}`);
    expect(signBody("s3", "1000", r.body)).toBe(r.headers["X-Zhongshi-Signature"]);
    expect(JSON.parse(r.body)).toMatchObject({ id: "m1", topic: "booking.approved", text: "hi" });
  });
  it("speaks the robots' text format, DingTalk with its URL signature", () => {
    expect(JSON.parse(buildWebhookRequest({ ...base, format: "WECOM" }).body)).toEqual({
      msgtype: "text",
      text: { content: "hi" },
    });
    const ding = new URL(buildWebhookRequest({ ...base, format: "DINGTALK" }).url);
    expect(ding.searchParams.get("timestamp")).toBe("1000");
    expect(ding.searchParams.get("sign")).toBe(createHmac("sha256", "s3").update("1000\ns3").digest("base64"));
  });
});
