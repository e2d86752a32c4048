import type { Clock } from '../../src/clock.ts';

/** A clock that only moves when a test moves it. */
export class FixedClock implements Clock {
  constructor(private time = Date.UTC(2026, 0, 15, 12, 0, 0)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export const MINUTE = 60_000;
