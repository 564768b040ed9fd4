import { zonedFormat } from "@outbound/api/domain/zoned-format";
import type { SendingWindow, Weekday } from "@outbound/db/schema";

const WEEKDAY_OF_INTL: Record<string, Weekday> = {
  Mon: "mon",
  Tue: "tue",
  Wed: "wed",
  Thu: "thu",
  Fri: "fri",
  Sat: "sat",
  Sun: "sun",
};

const HOUR_MS = 3_600_000;

interface LocalTime {
  weekday: Weekday;
  hour: number;
  minute: number;
  second: number;
}

const formatterFor = zonedFormat({
  weekday: "short",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** Weekday and wall-clock time of `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = formatterFor(timeZone).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "0";
  return {
    weekday: WEEKDAY_OF_INTL[part("weekday")] ?? "mon",
    hour: Number(part("hour")),
    minute: Number(part("minute")),
    second: Number(part("second")),
  };
}

/** Whether mail may go out at `at`: a sending day, and a local hour in `[start_hour, end_hour)`. */
export function isWindowOpen(window: SendingWindow | null, at: Date): boolean {
  if (!window) return true;
  const local = localTime(at, window.timezone);
  return window.days.includes(local.weekday) && local.hour >= window.start_hour && local.hour < window.end_hour;
}

/**
 * The first instant at or after `at` when the window is open. It walks the local clock hour by
 * hour (at most 8 days), so DST needs no table: on a spring-forward day a start hour that does
 * not exist opens at the first hour that does, and on a fall-back day the window opens once, at
 * the first occurrence of its start hour.
 */
export function nextWindowOpening(window: SendingWindow | null, at: Date): Date {
  if (isWindowOpen(window, at) || !window) return at;
  const local = localTime(at, window.timezone);
  // The top of the next local hour; zones with half-hour offsets keep their own hour boundaries.
  let probe = at.getTime() - (local.minute * 60 + local.second) * 1000 - (at.getTime() % 1000) + HOUR_MS;
  for (let i = 0; i < 24 * 8 + 2; i++) {
    if (isWindowOpen(window, new Date(probe))) return new Date(probe);
    probe += HOUR_MS;
  }
  // A window with no open hour cannot be saved (start < end, days non-empty); stay safe anyway.
  return new Date(at.getTime() + 24 * HOUR_MS);
}
