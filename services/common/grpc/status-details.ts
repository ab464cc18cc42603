import * as grpc from '@grpc/grpc-js';

// Status messages often quote the request (a path, a JSON key, a device name), and grpc-js
// sends them percent-encoded in an HTTP/2 trailer. Two inputs broke that: a lone UTF-16
// surrogate (a JSON key "\ud800" in an architecture) makes grpc-js's encodeURI throw
// inside sendStatus, an uncaught exception that ends the process; and a message quoting a
// 1 MB path exceeds the peer's header list limit (64 KiB), after which the connection hung
// for every call on it. Every outgoing status goes through statusDetailsInterceptor first.

/** Longest status message sent; ~18 KB on the wire even when every character needs percent-encoding. */
export const MAX_STATUS_DETAILS = 2048;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// String.prototype.toWellFormed, which lib ES2023 does not declare yet.
function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** Well-formed (lone surrogates become U+FFFD) and at most MAX_STATUS_DETAILS characters. */
export function safeStatusDetails(details: string): string {
  const text = wellFormed(details);
  if (text.length <= MAX_STATUS_DETAILS) return text;
  const suffix = `… (${text.length} characters in all)`;
  // Cutting may split a surrogate pair: make the cut well-formed again.
  return `${wellFormed(text.slice(0, MAX_STATUS_DETAILS - suffix.length))}${suffix}`;
}

export function statusDetailsInterceptor(): grpc.ServerInterceptor {
  return (_method, call) =>
    new grpc.ServerInterceptingCall(call, {
      sendStatus: (status, next) => next(typeof status.details === 'string' ? { ...status, details: safeStatusDetails(status.details) } : status),
    });
}
