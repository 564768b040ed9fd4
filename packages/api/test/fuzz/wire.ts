import { isDeepStrictEqual } from "node:util";
import superjson from "superjson";
import { transformer } from "../../src/transformer.js";

/**
 * Whether an answer survives the trip to a client as the HTTP adapter sends it: the server's
 * output serializer, JSON, and superjson decoding on the client. An answer that can't be
 * written is an internal error there; one the client can't read, or reads as something else
 * than superjson itself would have sent, is a broken contract all the same.
 */
export function wireProblemOf(answer: unknown): string | null {
  let sent: string;
  try {
    sent = JSON.stringify(transformer.output.serialize(answer));
  } catch (error) {
    return `its answer can't be serialized: ${(error as Error).message}`;
  }
  let received: unknown;
  try {
    received = superjson.deserialize(JSON.parse(sent));
  } catch (error) {
    return `a client can't decode its answer: ${(error as Error).message}`;
  }
  const expected = superjson.deserialize(JSON.parse(JSON.stringify(superjson.serialize(answer))));
  return isDeepStrictEqual(received, expected) ? null : "a client decodes its answer differently than superjson's own";
}

const BUILT_IN = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Keys a polluted `Object.prototype` would show; removed again, so one pollution is reported once. */
export function prototypePollution(): string | null {
  const keys = Object.getOwnPropertyNames(Object.prototype).filter((key) => !BUILT_IN.has(key));
  for (const key of keys) delete (Object.prototype as Record<string, unknown>)[key];
  return keys.length > 0 ? `Object.prototype gained ${keys.join(", ")}` : null;
}
