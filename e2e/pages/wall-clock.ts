import type { Locator } from '@playwright/test';

/**
 * Fills the console's date/time field (components/WallClockField) with a `datetime-local` style
 * value ("2026-11-22T09:30[:ss]"): the field shows and parses "2026-11-22 09:30[:ss]".
 */
export async function fillWallClock(field: Locator, value: string) {
  await field.fill(value.replace('T', ' '));
}
