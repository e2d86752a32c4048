// Shared settings for the property suites: a fixed seed, so a CI failure replays exactly, and enough runs.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AppError, CATALOGUE, type ErrorCode } from '../../src/errors.ts';

export const SEED = Number(process.env.KEYWAY_PROPERTY_SEED ?? 20260115);
export const RUNS = 2000;
export const PARAMETERS: fc.Parameters<unknown> = { seed: SEED, numRuns: RUNS };

/** Says which seed this file ran with, and how to replay another. */
export function announceSeed(suite: string): void {
  console.log(`${suite}: fast-check seed ${SEED}, ${RUNS} runs per property (KEYWAY_PROPERTY_SEED=<n> to change)`);
}

/** Runs `work`; anything it throws must be an AppError from the catalogue, and one of `codes` when given. */
export function throwsOnlyCatalogueErrors<T>(work: () => T, codes?: readonly ErrorCode[]): T | AppError {
  try {
    return work();
  } catch (error) {
    assert.ok(error instanceof AppError, `only an AppError may escape, got ${String(error)}`);
    assert.ok(Object.hasOwn(CATALOGUE, error.code), `a catalogue code, got ${error.code}`);
    if (codes) assert.ok(codes.includes(error.code), `one of ${codes.join(', ')}, got ${error.code}`);
    return error;
  }
}

/** Strings an attacker would try: any code points, Latin-1 and control bytes, or a soup of meaningful pieces. */
export function hostileText(pieces: readonly string[], maxLength = 200): fc.Arbitrary<string> {
  // Short and long alike: fast-check favours short values unless asked for its full size.
  const soup = (size: fc.SizeForArbitrary) =>
    fc.array(fc.constantFrom(...pieces), { maxLength: 80, size }).map((parts) => parts.join(''));
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'binary-ascii', maxLength, size: 'max' }),
    soup('small'),
    soup('max'),
  );
}
