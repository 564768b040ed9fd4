import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/** JSON lines on stdout; never log headers or bodies, which carry credentials. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: "outbound-server" } }, destination);
}
