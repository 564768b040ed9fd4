import { localDate, secondsUntilNextLocalDay } from "@outbound/api/services/email-accounts/sending";

/** The instant the local day of `at` began in `timeZone` (found by bisection, so DST needs no table). */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  const today = localDate(at, timeZone);
  let low = at.getTime() - 48 * 3_600_000;
  let high = at.getTime();
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (localDate(new Date(middle), timeZone) === today) high = middle;
    else low = middle;
  }
  return new Date(high);
}

/** The instant the next local day begins. */
export const startOfNextLocalDay = (at: Date, timeZone: string): Date =>
  new Date(startOfLocalDay(new Date(at.getTime() + secondsUntilNextLocalDay(at, timeZone) * 1000), timeZone));

export { localDate };
