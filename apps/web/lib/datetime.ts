// <input type="datetime-local"> speaks wall-clock time without a zone ("2026-05-01T09:30"); the API speaks ISO 8601
// instants. These convert between the two in the browser's own time zone, which the forms name next to the field.

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the value of a datetime-local input, in the browser's zone; '' for none or an invalid date. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * A datetime-local value read in the browser's zone, as an ISO instant (UTC). `null` for an empty field;
 * `undefined` for text that is not a wall-clock time (or a time the zone skips, such as 02:30 on a spring-forward
 * night, which Date would silently move).
 */
export function localInputToIso(value: string): string | null | undefined {
  const text = value.trim();
  if (text === '') return null;
  const match = LOCAL_INPUT.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = 0] = match.map((part) => Number(part ?? 0));
  const date = new Date(y!, mo! - 1, d!, h!, mi!, s);
  if (
    Number.isNaN(date.getTime()) ||
    date.getFullYear() !== y ||
    date.getMonth() !== mo! - 1 ||
    date.getDate() !== d ||
    date.getHours() !== h ||
    date.getMinutes() !== mi
  ) {
    return undefined;
  }
  return date.toISOString();
}

/** "Europe/Paris (UTC+02:00)": the zone datetime-local fields are read in, for the hint beside them. */
export function describeTimeZone(at: Date = new Date()): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const minutes = -at.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  const offset = `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return zone ? `${zone} (${offset})` : offset;
}
