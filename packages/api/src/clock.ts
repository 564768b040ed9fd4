/** The one source of "now" for services and the engine, so tests can walk days in milliseconds. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told to: tests advance it past waits, windows and day boundaries. */
export class ManualClock implements Clock {
  private at: number;

  constructor(start: Date | number = Date.now()) {
    this.at = typeof start === "number" ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  advance(ms: number): Date {
    this.at += ms;
    return this.now();
  }

  set(at: Date): void {
    this.at = at.getTime();
  }
}
