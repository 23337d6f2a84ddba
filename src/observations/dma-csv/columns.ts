/**
 * The Danish Maritime Authority's AIS CSV layout (the daily files of its public archive): column
 * names, and the words it writes where AIS has codes.
 *
 * The header, as the archive's files and ../shared/data/README.md give it, starts with `# `:
 * `# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG,Heading,IMO,
 * Callsign,Name,Ship type,Cargo type,Width,Length,Type of position fixing device,Draught,Destination,
 * ETA,Data source type,A,B,C,D`. Timestamps are `dd/mm/yyyy HH:MM:SS` UTC; latitude 91 and longitude
 * 181 mean "not available" (the AIS values); unknown strings are written `Unknown`.
 */

/** Every column, in the archive's order. */
export const DMA_COLUMNS = [
  'Timestamp',
  'Type of mobile',
  'MMSI',
  'Latitude',
  'Longitude',
  'Navigational status',
  'ROT',
  'SOG',
  'COG',
  'Heading',
  'IMO',
  'Callsign',
  'Name',
  'Ship type',
  'Cargo type',
  'Width',
  'Length',
  'Type of position fixing device',
  'Draught',
  'Destination',
  'ETA',
  'Data source type',
  'A',
  'B',
  'C',
  'D',
] as const;

export type DmaColumn = (typeof DMA_COLUMNS)[number];

/** Columns a row cannot be read without. */
export const REQUIRED_COLUMNS: readonly DmaColumn[] = ['Timestamp', 'MMSI', 'Latitude', 'Longitude'];

/**
 * DMA's ship type words against the AIS "type of ship and cargo" (ITU-R M.1371-5 Annex 8 Table 53):
 * the first digit's categories (20-29 WIG, 40-49 HSC, 60-69 passenger, 70-79 cargo, 80-89 tanker,
 * 90-99 other) and the single codes 30-59. A word read back gives the category's first code (70 for
 * `Cargo`, "all ships of this type" in Table 53), which is what the class inference in
 * registry/catalogue.ts keys on; the second digit (hazard category) is not in the word and is not
 * invented. `Military` is 35, "engaged in military operations".
 */
const WORD_BY_CODE: readonly [number, number, string][] = [
  [20, 29, 'WIG'],
  [30, 30, 'Fishing'],
  [31, 31, 'Towing'],
  [32, 32, 'Towing long/wide'],
  [33, 33, 'Dredging'],
  [34, 34, 'Diving'],
  [35, 35, 'Military'],
  [36, 36, 'Sailing'],
  [37, 37, 'Pleasure'],
  [40, 49, 'HSC'],
  [50, 50, 'Pilot'],
  [51, 51, 'SAR'],
  [52, 52, 'Tug'],
  [53, 53, 'Port tender'],
  [54, 54, 'Anti-pollution'],
  [55, 55, 'Law enforcement'],
  [56, 56, 'Spare 1'],
  [57, 57, 'Spare 2'],
  [58, 58, 'Medical'],
  [59, 59, 'Not party to conflict'],
  [60, 69, 'Passenger'],
  [70, 79, 'Cargo'],
  [80, 89, 'Tanker'],
  [90, 99, 'Other'],
];

/** Words that carry no ship type: AIS 0 ("not available") and the reserved and spare codes. */
const NO_TYPE_WORDS = ['undefined', 'reserved', 'spare 1', 'spare 2', 'unknown', 'unknown value'];

const CODE_BY_WORD = new Map<string, number | undefined>();
for (const [from, , word] of WORD_BY_CODE) CODE_BY_WORD.set(word.toLowerCase(), from);
for (const w of NO_TYPE_WORDS) CODE_BY_WORD.set(w, undefined);

/** The DMA word for an AIS ship type code; `Undefined` for 0 or no code, `Reserved` for 1-19 and 38-39. */
export function shipTypeWord(code: number | undefined): string {
  if (code === undefined || code === 0) return 'Undefined';
  for (const [from, to, word] of WORD_BY_CODE) if (code >= from && code <= to) return word;
  return 'Reserved';
}

/**
 * The AIS code a DMA ship type word stands for (see above), undefined for a word with no type.
 * `known` is false for a word this table does not list: the caller counts it rather than guessing.
 */
export function shipTypeCode(word: string): { code: number | undefined; known: boolean } {
  const key = word.trim().toLowerCase();
  if (!CODE_BY_WORD.has(key)) return { code: undefined, known: key.length === 0 };
  return { code: CODE_BY_WORD.get(key), known: true };
}

/** DMA's "Type of mobile" for an AIS message type (the station class that sends it). */
export function mobileTypeOf(messageType: number): string {
  switch (messageType) {
    case 1:
    case 2:
    case 3:
    case 5:
    case 27:
      return 'Class A';
    case 18:
    case 19:
    case 24:
      return 'Class B';
    case 4:
      return 'Base Station';
    case 21:
      return 'AtoN';
    case 9:
      return 'SAR airborne';
    default:
      return 'Undefined';
  }
}
