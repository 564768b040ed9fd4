import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../src/error-mapping.js";
import { ApiError, ConnectionError, NotFoundError, RateLimitError, TimeoutError } from "../src/errors.js";
import { RETRY_MAX_DELAY_MS, retryDelayMs } from "../src/retry.js";

const error = {
  unavailable: new ApiError({ message: "down", code: "SERVICE_UNAVAILABLE", httpStatus: 503 }),
  internal: new ApiError({ message: "bug", code: "INTERNAL_SERVER_ERROR", httpStatus: 500 }),
  notFound: new NotFoundError({ message: "gone", code: "NOT_FOUND", httpStatus: 404 }),
  rateLimited: new RateLimitError({ message: "slow", code: "TOO_MANY_REQUESTS", httpStatus: 429 }),
  connection: new ConnectionError({ message: "refused", code: "CONNECTION_ERROR" }),
  timeout: new TimeoutError({ message: "slow", code: "TIMEOUT", timeoutMs: 10 }),
};
const lowest = () => 0;
const highest = () => 0.999_999;

describe("retry delays", () => {
  it("back off exponentially with jitter between half and all of the step", () => {
    expect(retryDelayMs(error.unavailable, 1, undefined, lowest)).toBe(250);
    expect(retryDelayMs(error.unavailable, 1, undefined, highest)).toBe(500);
    expect(retryDelayMs(error.unavailable, 2, undefined, lowest)).toBe(500);
    expect(retryDelayMs(error.unavailable, 3, undefined, highest)).toBe(2_000);
  });

  it("never exceed the cap", () => {
    expect(retryDelayMs(error.connection, 10, undefined, highest)).toBe(RETRY_MAX_DELAY_MS);
  });

  it("honour Retry-After when it is longer than the backoff, and give up beyond a minute", () => {
    expect(retryDelayMs(error.rateLimited, 1, 3_000, highest)).toBe(3_000);
    expect(retryDelayMs(error.rateLimited, 1, 0, highest)).toBe(500);
    expect(retryDelayMs(error.rateLimited, 1, 61_000, highest)).toBeNull();
  });

  it("apply only to transient failures", () => {
    expect(retryDelayMs(error.timeout, 1, undefined, lowest)).not.toBeNull();
    expect(retryDelayMs(error.connection, 1, undefined, lowest)).not.toBeNull();
    expect(retryDelayMs(error.internal, 1, undefined, lowest)).toBeNull();
    expect(retryDelayMs(error.notFound, 1, undefined, lowest)).toBeNull();
  });
});

describe("Retry-After", () => {
  it("reads delay-seconds and HTTP dates", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120);
    expect(parseRetryAfter("Tue, 01 Jan 2030 00:00:30 GMT", now)).toBe(30);
    expect(parseRetryAfter("Mon, 31 Dec 2029 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
