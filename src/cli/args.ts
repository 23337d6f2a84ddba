/** The CLI's options as one typed table per command, parsed with node:util. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** A time option: ISO 8601 date or date-time (UTC if no offset). */
export function timeOption(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? v : `${v}Z`);
  if (Number.isNaN(t)) throw new UsageError(`--${name}: "${v}" is not an ISO 8601 date or date-time`);
  return t;
}

/**
 * Lets a list option take several values after one flag, as in `--observations a.nmea b.nmea`:
 * every following word that is not an option is rewritten as another use of the flag.
 */
export function spreadLists(argv: string[], listOptions: string[]): string[] {
  const out: string[] = [];
  let current: string | undefined;
  for (const arg of argv) {
    if (arg.startsWith('-')) {
      const name = arg.split('=')[0]!;
      current = listOptions.includes(name) && !arg.includes('=') ? name : undefined;
      out.push(arg);
      continue;
    }
    const prev = out[out.length - 1];
    if (current !== undefined && prev !== undefined && !prev.startsWith('-')) out.push(current);
    out.push(arg);
  }
  return out;
}
