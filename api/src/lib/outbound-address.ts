import dns, { type LookupAddress, type LookupOptions } from "node:dns";
import net from "node:net";
import ipaddr from "ipaddr.js";
import { Agent, buildConnector } from "undici";
import { AppError } from "./app-error.ts";

/**
 * Calls the server makes to URLs that users give it (webhooks) must not reach the server's own
 * neighbourhood: loopback, private networks, link-local (cloud metadata at 169.254.169.254), carrier-grade
 * NAT (Alibaba Cloud's metadata at 100.100.100.200), unique-local IPv6 and every other special range.
 * Only globally routed unicast addresses are allowed. IPv4-mapped IPv6 is judged as the IPv4 it carries.
 */
export const isForbiddenAddress = (address: string) => {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!ipaddr.isValid(bare)) return true;
  return ipaddr.process(bare).range() !== "unicast";
};

/** Tests and development deliver to a receiver on this machine; production never does. */
export const allowPrivateHosts = (env: NodeJS.ProcessEnv = process.env) => env.WEBHOOK_ALLOW_PRIVATE_HOSTS === "1";

const isLiteral = (hostname: string) => net.isIP(hostname.replace(/^\[|\]$/g, "")) !== 0;
/** Names that always mean this machine (RFC 6761), whatever a resolver says. */
const isLocalName = (hostname: string) => /(^|\.)localhost\.?$/i.test(hostname);

/**
 * At registration: refuses a URL whose host is a forbidden address written out, or a name for this machine.
 * Names are resolved only when the call is made (see `outboundDispatcher`), so a name that later resolves
 * to a private address is still stopped.
 */
export const assertPublicUrl = (url: string, field = "url", allowPrivate = allowPrivateHosts()) => {
  if (allowPrivate) return;
  const { hostname } = new URL(url);
  if ((isLiteral(hostname) && isForbiddenAddress(hostname)) || isLocalName(hostname))
    throw new AppError("WEBHOOK_ADDRESS_FORBIDDEN", `${hostname} is not a public address.`, {
      errors: [{ path: field, message: "not a public address" }],
    });
};

const forbidden = (hostname: string, address: string) =>
  Object.assign(new Error(`${hostname} resolves to ${address}, which is not a public address.`), {
    code: "WEBHOOK_ADDRESS_FORBIDDEN",
  });

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * dns.lookup that refuses when any address of the name is forbidden. It runs inside the connection, on
 * the very addresses the socket then uses, so a name that resolved to a public address at registration
 * (or on a first lookup) and to a private one now (DNS rebinding) is still refused.
 */
export const publicOnlyLookup = (hostname: string, options: LookupOptions, callback: LookupCallback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const bad = addresses.find((a) => isForbiddenAddress(a.address));
    if (bad) return callback(forbidden(hostname, bad.address), []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

/**
 * An undici dispatcher for calls to user-given URLs: every connection goes through `publicOnlyLookup`,
 * and a host written as an address (which no lookup sees) is judged before connecting.
 */
export const outboundDispatcher = ({ allowPrivate = allowPrivateHosts() } = {}) => {
  if (allowPrivate) return new Agent();
  const connect = buildConnector({ lookup: publicOnlyLookup });
  return new Agent({
    connect: (options, callback) => {
      const host = options.hostname.replace(/^\[|\]$/g, "");
      if (isLocalName(host) || (isLiteral(host) && isForbiddenAddress(host)))
        return callback(forbidden(options.hostname, host), null);
      connect(options, callback);
    },
  });
};
