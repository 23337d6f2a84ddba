/**
 * Maritime Identification Digits (MID): the three digits of an MMSI that name the country or
 * geographical area that assigned it, mapped to ISO 3166-1 alpha-3 codes.
 *
 * Source: ITU-R, "Table of Maritime Identification Digits" (MARS, the ITU Maritime mobile Access and
 * Retrieval System), https://www.itu.int/en/ITU-R/terrestrial/fmd/Pages/mid.aspx, which implements
 * Radio Regulations Appendix 43 / ITU-R M.585. The rows below give every allocated MID with the ITU's
 * own name of the area. They were checked row by row against two public transcriptions of that page
 * found by code search: a Python script that copies the ITU table verbatim (MID and ITU name) and the
 * JavaScript MID list by Bernhard R. Fischer (2023-09-04, "taken from ... fmd/Pages/mid.aspx"). Where
 * those transcriptions add ISO codes they have errors (e.g. "UK" for GBR, "WS" for American Samoa);
 * the alpha-3 codes here are our own, checked against the ISO list in the `i18n-iso-countries` package
 * by the test.
 *
 * MMSI formats (ITU-R M.585, as summarised in gpsd's AIVDM.adoc "MID formats"): MIDxxxxxx ship,
 * 0MIDxxxxx group of ships, 00MIDxxxx coast station, 111MIDxxx SAR aircraft, 8MIDxxxxx handheld VHF,
 * 98MIDxxxx craft associated with a parent ship, 99MIDxxxx aid to navigation; 970xxyyyy AIS-SART,
 * 972xxyyyy MOB device and 974xxyyyy EPIRB-AIS carry a manufacturer id, not a MID.
 *
 * Two columns of codes: the area the ITU names (Faroe Islands → FRO) and, for areas the ITU lists
 * under another administration ("Denmark - Faroe Islands"), that administration (DNK). The second
 * column repeats the ITU's grouping as published; it is not Redline's view of any sovereignty
 * question, and callers that need a party should decide how to treat it.
 */

/** One allocated MID. */
export interface MidEntry {
  mid: number;
  /** ISO 3166-1 alpha-3 of the area; undefined where one MID covers several ISO areas (306). */
  area: string | undefined;
  /** ISO 3166-1 alpha-3 of the administration the ITU lists the area under; equals `area` for states. */
  state: string;
  /** The ITU's name for the area. */
  itu: string;
}

// MID, area alpha-3 ("-" when several areas share it), administration alpha-3 ("=" when the same), ITU name.
const TABLE = `
201 ALB = Albania (Republic of)
202 AND = Andorra (Principality of)
203 AUT = Austria
204 PRT = Portugal - Azores
205 BEL = Belgium
206 BLR = Belarus (Republic of)
207 BGR = Bulgaria (Republic of)
208 VAT = Vatican City State
209 CYP = Cyprus (Republic of)
210 CYP = Cyprus (Republic of)
211 DEU = Germany (Federal Republic of)
212 CYP = Cyprus (Republic of)
213 GEO = Georgia
214 MDA = Moldova (Republic of)
215 MLT = Malta
216 ARM = Armenia (Republic of)
218 DEU = Germany (Federal Republic of)
219 DNK = Denmark
220 DNK = Denmark
224 ESP = Spain
225 ESP = Spain
226 FRA = France
227 FRA = France
228 FRA = France
229 MLT = Malta
230 FIN = Finland
231 FRO DNK Denmark - Faroe Islands
232 GBR = United Kingdom of Great Britain and Northern Ireland
233 GBR = United Kingdom of Great Britain and Northern Ireland
234 GBR = United Kingdom of Great Britain and Northern Ireland
235 GBR = United Kingdom of Great Britain and Northern Ireland
236 GIB GBR United Kingdom of Great Britain and Northern Ireland - Gibraltar
237 GRC = Greece
238 HRV = Croatia (Republic of)
239 GRC = Greece
240 GRC = Greece
241 GRC = Greece
242 MAR = Morocco (Kingdom of)
243 HUN = Hungary
244 NLD = Netherlands (Kingdom of the)
245 NLD = Netherlands (Kingdom of the)
246 NLD = Netherlands (Kingdom of the)
247 ITA = Italy
248 MLT = Malta
249 MLT = Malta
250 IRL = Ireland
251 ISL = Iceland
252 LIE = Liechtenstein (Principality of)
253 LUX = Luxembourg
254 MCO = Monaco (Principality of)
255 PRT = Portugal - Madeira
256 MLT = Malta
257 NOR = Norway
258 NOR = Norway
259 NOR = Norway
261 POL = Poland (Republic of)
262 MNE = Montenegro
263 PRT = Portugal
264 ROU = Romania
265 SWE = Sweden
266 SWE = Sweden
267 SVK = Slovak Republic
268 SMR = San Marino (Republic of)
269 CHE = Switzerland (Confederation of)
270 CZE = Czech Republic
271 TUR = Türkiye (Republic of)
272 UKR = Ukraine
273 RUS = Russian Federation
274 MKD = North Macedonia (Republic of)
275 LVA = Latvia (Republic of)
276 EST = Estonia (Republic of)
277 LTU = Lithuania (Republic of)
278 SVN = Slovenia (Republic of)
279 SRB = Serbia (Republic of)
301 AIA GBR United Kingdom of Great Britain and Northern Ireland - Anguilla
303 USA = United States of America - Alaska (State of)
304 ATG = Antigua and Barbuda
305 ATG = Antigua and Barbuda
306 - NLD Netherlands (Kingdom of the) - Bonaire, Sint Eustatius and Saba; Curaçao; Sint Maarten (Dutch part)
307 ABW NLD Netherlands (Kingdom of the) - Aruba
308 BHS = Bahamas (Commonwealth of the)
309 BHS = Bahamas (Commonwealth of the)
310 BMU GBR United Kingdom of Great Britain and Northern Ireland - Bermuda
311 BHS = Bahamas (Commonwealth of the)
312 BLZ = Belize
314 BRB = Barbados
316 CAN = Canada
319 CYM GBR United Kingdom of Great Britain and Northern Ireland - Cayman Islands
321 CRI = Costa Rica
323 CUB = Cuba
325 DMA = Dominica (Commonwealth of)
327 DOM = Dominican Republic
329 GLP FRA France - Guadeloupe (French Department of)
330 GRD = Grenada
331 GRL DNK Denmark - Greenland
332 GTM = Guatemala (Republic of)
334 HND = Honduras (Republic of)
336 HTI = Haiti (Republic of)
338 USA = United States of America
339 JAM = Jamaica
341 KNA = Saint Kitts and Nevis (Federation of)
343 LCA = Saint Lucia
345 MEX = Mexico
347 MTQ FRA France - Martinique (French Department of)
348 MSR GBR United Kingdom of Great Britain and Northern Ireland - Montserrat
350 NIC = Nicaragua
351 PAN = Panama (Republic of)
352 PAN = Panama (Republic of)
353 PAN = Panama (Republic of)
354 PAN = Panama (Republic of)
355 PAN = Panama (Republic of)
356 PAN = Panama (Republic of)
357 PAN = Panama (Republic of)
358 PRI USA United States of America - Puerto Rico
359 SLV = El Salvador (Republic of)
361 SPM FRA France - Saint Pierre and Miquelon (Territorial Collectivity of)
362 TTO = Trinidad and Tobago
364 TCA GBR United Kingdom of Great Britain and Northern Ireland - Turks and Caicos Islands
366 USA = United States of America
367 USA = United States of America
368 USA = United States of America
369 USA = United States of America
370 PAN = Panama (Republic of)
371 PAN = Panama (Republic of)
372 PAN = Panama (Republic of)
373 PAN = Panama (Republic of)
374 PAN = Panama (Republic of)
375 VCT = Saint Vincent and the Grenadines
376 VCT = Saint Vincent and the Grenadines
377 VCT = Saint Vincent and the Grenadines
378 VGB GBR United Kingdom of Great Britain and Northern Ireland - British Virgin Islands
379 VIR USA United States of America - United States Virgin Islands
401 AFG = Afghanistan
403 SAU = Saudi Arabia (Kingdom of)
405 BGD = Bangladesh (People's Republic of)
408 BHR = Bahrain (Kingdom of)
410 BTN = Bhutan (Kingdom of)
412 CHN = China (People's Republic of)
413 CHN = China (People's Republic of)
414 CHN = China (People's Republic of)
416 TWN CHN China (People's Republic of) - Taiwan (Province of China)
417 LKA = Sri Lanka (Democratic Socialist Republic of)
419 IND = India (Republic of)
422 IRN = Iran (Islamic Republic of)
423 AZE = Azerbaijan (Republic of)
425 IRQ = Iraq (Republic of)
428 ISR = Israel (State of)
431 JPN = Japan
432 JPN = Japan
434 TKM = Turkmenistan
436 KAZ = Kazakhstan (Republic of)
437 UZB = Uzbekistan (Republic of)
438 JOR = Jordan (Hashemite Kingdom of)
440 KOR = Korea (Republic of)
441 KOR = Korea (Republic of)
443 PSE = State of Palestine (In accordance with Resolution 99 Rev. Dubai, 2018)
445 PRK = Democratic People's Republic of Korea
447 KWT = Kuwait (State of)
450 LBN = Lebanon
451 KGZ = Kyrgyz Republic
453 MAC CHN China (People's Republic of) - Macao (Special Administrative Region of China)
455 MDV = Maldives (Republic of)
457 MNG = Mongolia
459 NPL = Nepal (Federal Democratic Republic of)
461 OMN = Oman (Sultanate of)
463 PAK = Pakistan (Islamic Republic of)
466 QAT = Qatar (State of)
468 SYR = Syrian Arab Republic
470 ARE = United Arab Emirates
471 ARE = United Arab Emirates
472 TJK = Tajikistan (Republic of)
473 YEM = Yemen (Republic of)
475 YEM = Yemen (Republic of)
477 HKG CHN China (People's Republic of) - Hong Kong (Special Administrative Region of China)
478 BIH = Bosnia and Herzegovina
501 ATF FRA France - Adelie Land
503 AUS = Australia
506 MMR = Myanmar (Union of)
508 BRN = Brunei Darussalam
510 FSM = Micronesia (Federated States of)
511 PLW = Palau (Republic of)
512 NZL = New Zealand
514 KHM = Cambodia (Kingdom of)
515 KHM = Cambodia (Kingdom of)
516 CXR AUS Australia - Christmas Island (Indian Ocean)
518 COK NZL New Zealand - Cook Islands
520 FJI = Fiji (Republic of)
523 CCK AUS Australia - Cocos (Keeling) Islands
525 IDN = Indonesia (Republic of)
529 KIR = Kiribati (Republic of)
531 LAO = Lao People's Democratic Republic
533 MYS = Malaysia
536 MNP USA United States of America - Northern Mariana Islands (Commonwealth of the)
538 MHL = Marshall Islands (Republic of the)
540 NCL FRA France - New Caledonia
542 NIU NZL New Zealand - Niue
544 NRU = Nauru (Republic of)
546 PYF FRA France - French Polynesia
548 PHL = Philippines (Republic of the)
550 TLS = Timor-Leste (Democratic Republic of)
553 PNG = Papua New Guinea
555 PCN GBR United Kingdom of Great Britain and Northern Ireland - Pitcairn Island
557 SLB = Solomon Islands
559 ASM USA United States of America - American Samoa
561 WSM = Samoa (Independent State of)
563 SGP = Singapore (Republic of)
564 SGP = Singapore (Republic of)
565 SGP = Singapore (Republic of)
566 SGP = Singapore (Republic of)
567 THA = Thailand
570 TON = Tonga (Kingdom of)
572 TUV = Tuvalu
574 VNM = Viet Nam (Socialist Republic of)
576 VUT = Vanuatu (Republic of)
577 VUT = Vanuatu (Republic of)
578 WLF FRA France - Wallis and Futuna Islands
601 ZAF = South Africa (Republic of)
603 AGO = Angola (Republic of)
605 DZA = Algeria (People's Democratic Republic of)
607 ATF FRA France - Saint Paul and Amsterdam Islands
608 SHN GBR United Kingdom of Great Britain and Northern Ireland - Ascension Island
609 BDI = Burundi (Republic of)
610 BEN = Benin (Republic of)
611 BWA = Botswana (Republic of)
612 CAF = Central African Republic
613 CMR = Cameroon (Republic of)
615 COG = Congo (Republic of the)
616 COM = Comoros (Union of the)
617 CPV = Cabo Verde (Republic of)
618 ATF FRA France - Crozet Archipelago
619 CIV = Côte d'Ivoire (Republic of)
620 COM = Comoros (Union of the)
621 DJI = Djibouti (Republic of)
622 EGY = Egypt (Arab Republic of)
624 ETH = Ethiopia (Federal Democratic Republic of)
625 ERI = Eritrea
626 GAB = Gabonese Republic
627 GHA = Ghana
629 GMB = Gambia (Republic of the)
630 GNB = Guinea-Bissau (Republic of)
631 GNQ = Equatorial Guinea (Republic of)
632 GIN = Guinea (Republic of)
633 BFA = Burkina Faso
634 KEN = Kenya (Republic of)
635 ATF FRA France - Kerguelen Islands
636 LBR = Liberia (Republic of)
637 LBR = Liberia (Republic of)
638 SSD = South Sudan (Republic of)
642 LBY = Libya (State of)
644 LSO = Lesotho (Kingdom of)
645 MUS = Mauritius (Republic of)
647 MDG = Madagascar (Republic of)
649 MLI = Mali (Republic of)
650 MOZ = Mozambique (Republic of)
654 MRT = Mauritania (Islamic Republic of)
655 MWI = Malawi
656 NER = Niger (Republic of the)
657 NGA = Nigeria (Federal Republic of)
659 NAM = Namibia (Republic of)
660 REU FRA France - Reunion (French Department of)
661 RWA = Rwanda (Republic of)
662 SDN = Sudan (Republic of the)
663 SEN = Senegal (Republic of)
664 SYC = Seychelles (Republic of)
665 SHN GBR United Kingdom of Great Britain and Northern Ireland - Saint Helena
666 SOM = Somalia (Federal Republic of)
667 SLE = Sierra Leone
668 STP = Sao Tome and Principe (Democratic Republic of)
669 SWZ = Eswatini (Kingdom of)
670 TCD = Chad (Republic of)
671 TGO = Togolese Republic
672 TUN = Tunisia
674 TZA = Tanzania (United Republic of)
675 UGA = Uganda (Republic of)
676 COD = Democratic Republic of the Congo
677 TZA = Tanzania (United Republic of)
678 ZMB = Zambia (Republic of)
679 ZWE = Zimbabwe (Republic of)
701 ARG = Argentine Republic
710 BRA = Brazil (Federative Republic of)
720 BOL = Bolivia (Plurinational State of)
725 CHL = Chile
730 COL = Colombia (Republic of)
735 ECU = Ecuador
740 FLK GBR United Kingdom of Great Britain and Northern Ireland - Falkland Islands (Malvinas)
745 GUF FRA France - Guiana (French Department of)
750 GUY = Guyana
755 PRY = Paraguay (Republic of)
760 PER = Peru
765 SUR = Suriname (Republic of)
770 URY = Uruguay (Eastern Republic of)
775 VEN = Venezuela (Bolivarian Republic of)
`;

/** Indexed by MID - 200 for a lookup without hashing; MIDs run 201-775. */
const BY_MID: (MidEntry | undefined)[] = new Array(600);
const ENTRIES: MidEntry[] = [];
for (const row of TABLE.split('\n')) {
  if (row.length === 0) continue;
  const a = row.indexOf(' ');
  const b = row.indexOf(' ', a + 1);
  const c = row.indexOf(' ', b + 1);
  const mid = Number(row.slice(0, a));
  const area = row.slice(a + 1, b);
  const state = row.slice(b + 1, c);
  const entry: MidEntry = {
    mid,
    area: area === '-' ? undefined : area,
    state: state === '=' ? area : state,
    itu: row.slice(c + 1),
  };
  BY_MID[mid - 200] = entry;
  ENTRIES.push(entry);
}

/** Every allocated MID, in MID order. */
export function allMids(): readonly MidEntry[] {
  return ENTRIES;
}

export function midEntry(mid: number): MidEntry | undefined {
  return mid > 200 && mid < 800 ? BY_MID[mid - 200] : undefined;
}

export type MmsiKind = 'ship' | 'group' | 'coast' | 'sar-aircraft' | 'handheld' | 'craft' | 'aton' | 'sart' | 'mob' | 'epirb' | 'other';

/** What kind of station an MMSI names, from its leading digits (ITU-R M.585). */
export function mmsiKind(mmsi: number): MmsiKind {
  if (!Number.isInteger(mmsi) || mmsi < 0 || mmsi > 999_999_999) return 'other';
  if (mmsi >= 200_000_000 && mmsi < 800_000_000) return 'ship';
  if (mmsi >= 800_000_000 && mmsi < 900_000_000) return 'handheld';
  if (mmsi >= 111_000_000 && mmsi < 112_000_000) return 'sar-aircraft';
  if (mmsi >= 980_000_000 && mmsi < 990_000_000) return 'craft';
  if (mmsi >= 990_000_000) return 'aton';
  if (mmsi >= 970_000_000 && mmsi < 971_000_000) return 'sart';
  if (mmsi >= 972_000_000 && mmsi < 973_000_000) return 'mob';
  if (mmsi >= 974_000_000 && mmsi < 975_000_000) return 'epirb';
  if (mmsi < 10_000_000) return 'coast'; // 00MIDxxxx
  if (mmsi < 100_000_000) return 'group'; // 0MIDxxxxx
  return 'other';
}

/** The three MID digits of an MMSI wherever its format puts them, or undefined if it has none. */
export function midOf(mmsi: number): number | undefined {
  switch (mmsiKind(mmsi)) {
    case 'ship':
      return Math.floor(mmsi / 1_000_000);
    case 'handheld':
    case 'group':
      return Math.floor(mmsi / 100_000) % 1000;
    case 'coast':
    case 'craft':
    case 'aton':
      return Math.floor(mmsi / 10_000) % 1000;
    case 'sar-aircraft':
      return Math.floor(mmsi / 1000) % 1000;
    default:
      return undefined;
  }
}

/**
 * ISO 3166-1 alpha-3 of the area whose administration assigned this MMSI (Faroe Islands → FRO), or
 * of the administration where one MID covers several areas (306 → NLD); undefined when the MMSI has
 * no MID or the MID is not allocated. This is the MMSI's registration, which a ship may misreport.
 */
export function flagFromMmsi(mmsi: number): string | undefined {
  const mid = midOf(mmsi);
  if (mid === undefined) return undefined;
  const e = midEntry(mid);
  return e ? (e.area ?? e.state) : undefined;
}

/** ISO 3166-1 alpha-3 of the administration the ITU lists the MMSI's MID under (Faroe Islands → DNK). */
export function administrationFromMmsi(mmsi: number): string | undefined {
  const mid = midOf(mmsi);
  return mid === undefined ? undefined : midEntry(mid)?.state;
}
