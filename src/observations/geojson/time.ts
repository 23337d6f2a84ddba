/**
 * Time values in GeoJSON track properties: ISO 8601 strings or epoch milliseconds.
 *
 * `Date.parse` is not used: it accepts strings ISO 8601 does not (`"June 23 2021"`), reads a time
 * without an offset as local time of whatever machine runs the check, and rolls impossible values
 * over (`"2021-02-30"` becomes 2 March). A finding must not depend on the machine's time zone, and a
 * typo must not silently move a fix by a day.
 */

export type TimeResult = { ok: true; ms: number } | { ok: false; why: string };

// Extended format only (the form GeoJSON tools write): date, or date 'T' time with an offset.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;

/** Below this an epoch value is far more likely seconds than milliseconds (1e11 ms is March 1973). */
const MIN_EPOCH_MS = 1e11;
/** The ECMAScript time value limit. */
const MAX_EPOCH_MS = 8.64e15;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses one time value. A date without a time means 00:00 UTC of that day (declaration dates are
 * given as dates). A date-time must carry `Z` or an offset: a bare local time is ambiguous.
 */
export function parseTimeValue(v: unknown): TimeResult {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { ok: false, why: 'is not a finite number' };
    if (Math.abs(v) < MIN_EPOCH_MS) return { ok: false, why: 'looks like epoch seconds; times must be epoch milliseconds or ISO 8601' };
    if (Math.abs(v) > MAX_EPOCH_MS) return { ok: false, why: 'is outside the representable time range' };
    return { ok: true, ms: Math.floor(v) };
  }
  if (typeof v !== 'string') return { ok: false, why: 'is not an ISO 8601 string or epoch milliseconds' };
  const m = ISO.exec(v);
  if (!m) return { ok: false, why: 'is not an ISO 8601 time' };
  const [, ys, mos, ds, hs, mis, ss, frac, zulu, sign, ohs, omis] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, why: 'is not an ISO 8601 time (no such date)' };
  const hour = hs === undefined ? 0 : Number(hs);
  const minute = mis === undefined ? 0 : Number(mis);
  const second = ss === undefined ? 0 : Number(ss);
  // 24:00 and leap second 60 are legal ISO 8601 but have no single instant in ECMAScript time.
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, why: 'is not an ISO 8601 time (hour, minute or second out of range)' };
  if (hs !== undefined && zulu === undefined && sign === undefined) {
    return { ok: false, why: 'has no UTC offset (add Z for UTC or an offset such as +03:00)' };
  }
  let offsetMin = 0;
  if (sign !== undefined) {
    const oh = Number(ohs);
    const om = omis === undefined ? 0 : Number(omis);
    if (oh > 23 || om > 59) return { ok: false, why: 'is not an ISO 8601 time (offset out of range)' };
    offsetMin = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto 1900-1999.
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return { ok: true, ms: d.getTime() - offsetMin * 60_000 };
}
