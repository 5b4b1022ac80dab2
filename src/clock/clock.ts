/**
 * The one source of "now". Nothing else in ducha reads the system time, so tests and the
 * year simulation can move time at will.
 */
export abstract class Clock {
  abstract now(): Date;
}

/** Real time. The only place that reads the system clock. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date(Date.now());
  }
}

/** A clock that stands still until moved: DUCHA_NOW, tests and the simulation. */
export class ManualClock extends Clock {
  private current: number;
  constructor(start: Date | string) {
    super();
    this.current = new Date(start).getTime();
    if (Number.isNaN(this.current)) throw new Error(`invalid clock instant: ${String(start)}`);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date | string): void {
    const t = new Date(instant).getTime();
    if (Number.isNaN(t)) throw new Error(`invalid clock instant: ${String(instant)}`);
    this.current = t;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export function clockFromConfig(now: string | null): Clock {
  return now ? new ManualClock(now) : new SystemClock();
}
