// Defaults both implementations apply where a spec leaves a value out, so that
// embedded mode and NATS behave alike.

/** JetStream's default duplicate window. */
export const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;
/** JetStream's default max_ack_pending for a pull consumer. */
export const DEFAULT_MAX_ACK_PENDING = 1000;
/** How long `next()` waits when not told (the NATS client's default pull expiry). */
export const DEFAULT_NEXT_EXPIRES_MS = 30_000;
