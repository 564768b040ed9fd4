import { loggableError } from "@outbound/api";
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * JSON lines on stdout; never log headers or bodies, which carry credentials. Errors go out
 * through `loggableError` (class, SQLSTATE, constraint, frames): a failed query's message quotes
 * its parameters.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: "outbound-server" }, serializers: { err: loggableError } }, destination);
}
