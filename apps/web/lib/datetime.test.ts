import { describe, expect, test } from 'vitest';
import { describeTimeZone, isoToLocalInput, localInputToIso } from './datetime';

// The helpers work in the process's zone; expectations are built with the same zone's Date, so the tests hold
// wherever they run. `npx vitest` with TZ=Pacific/Chatham (UTC+12:45/+13:45) is a good way to shake them.
describe('datetime-local values and ISO instants', () => {
  test('a wall-clock time is read in the browser zone', () => {
    expect(localInputToIso('2031-05-01T09:30')).toBe(new Date(2031, 4, 1, 9, 30).toISOString());
    expect(localInputToIso('2031-12-31T23:59:45')).toBe(new Date(2031, 11, 31, 23, 59, 45).toISOString());
  });

  test('an instant is shown as the wall-clock time of the browser zone', () => {
    expect(isoToLocalInput(new Date(2031, 4, 1, 9, 30).toISOString())).toBe('2031-05-01T09:30');
  });

  test('round trip, to the minute', () => {
    for (const value of ['2030-01-01T00:00', '2030-06-15T12:45', '2030-10-27T23:05']) {
      expect(isoToLocalInput(localInputToIso(value))).toBe(value);
    }
  });

  test('empty means no date; nonsense is undefined, not a silently moved date', () => {
    expect(localInputToIso('')).toBeNull();
    expect(localInputToIso('   ')).toBeNull();
    expect(localInputToIso('tomorrow')).toBeUndefined();
    expect(localInputToIso('2031-02-30T10:00')).toBeUndefined();
    expect(localInputToIso('2031-13-01T10:00')).toBeUndefined();
    expect(localInputToIso('2031-01-01T24:30')).toBeUndefined();
    expect(isoToLocalInput(null)).toBe('');
    expect(isoToLocalInput('not a date')).toBe('');
  });

  test('the zone hint names an offset', () => {
    expect(describeTimeZone(new Date(2031, 0, 1))).toMatch(/UTC[+-]\d{2}:\d{2}\)?$/);
  });
});
