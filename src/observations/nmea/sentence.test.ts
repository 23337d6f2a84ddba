import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineInfo, nmeaChecksum, parseLine } from './sentence.js';

const DATA = resolve(process.cwd(), '../shared/data');
const driftLines = readFileSync(resolve(DATA, 'dma-aisabnormal-538004030_drift_1.nmea'), 'latin1').split('\n');
const streamLines = readFileSync(resolve(DATA, 'dma-aislib-stream_example_2010-06-11.nmea'), 'latin1').split('\n');

function parse(text: string): LineInfo {
  const info = new LineInfo();
  parseLine(text, info);
  return info;
}

/** Replaces the sentence's checksum with a freshly computed one, as a corrupting tool would not. */
function reseal(sentence: string): string {
  const star = sentence.indexOf('*');
  const body = sentence.slice(0, star);
  const x = nmeaChecksum(body, 1, body.length);
  return `${body}*${x.toString(16).toUpperCase().padStart(2, '0')}`;
}

const realType1 = streamLines.find((l) => l.startsWith('!AIVDM,1,1,,A,1'))!;
const realFirstOfTwo = streamLines.find((l) => /^!..VDM,2,1,/.test(l))!;

describe('parseLine on real lines', () => {
  it('reads a plain VDM sentence', () => {
    const l = '!AIVDM,1,1,,A,33nr7t001f13KNTOahh2@QpF00vh,0*58';
    expect(streamLines).toContain(l);
    const info = parse(l);
    expect(info.kind).toBe('ais');
    expect(info).toMatchObject({ fragCount: 1, fragNum: 1, seqId: -1, channel: 'A'.charCodeAt(0), fill: 0, vdo: false });
    expect(l.slice(info.payloadStart, info.payloadEnd)).toBe('33nr7t001f13KNTOahh2@QpF00vh');
  });

  it('accepts any two-character talker, including the null talker "--"', () => {
    for (const talker of ['AI', 'AB', 'BS', 'BY', 'SS', '--']) {
      const l = streamLines.find((x) => x.startsWith(`!${talker}VD`));
      expect(l, talker).toBeDefined();
      expect(parse(l!).kind, l).toBe('ais');
    }
  });

  it('reads a $PGHP line as the UTC time it states', () => {
    const info = parse('$PGHP,1,2010,6,11,11,46,11,390,231,45,992190934,1,2B*5B');
    expect(info.kind).toBe('pghp');
    expect(new Date(info.pghpTimeMs).toISOString()).toBe('2010-06-11T11:46:11.390Z');
  });

  it('reads tag blocks: checksum, c: time, g: grouping, and a tag block alone on its line', () => {
    const l = driftLines.find((x) => x.startsWith('\\g:1-2-6745,'))!;
    const info = parse(l);
    expect(info.kind).toBe('ais');
    expect(info).toMatchObject({ tag: true, groupNum: 1, groupCount: 2, groupId: 6745, fragNum: 1, fragCount: 2 });
    expect(new Date(info.tagTimeMs).toISOString()).toBe('2014-09-28T16:08:22.000Z');
    expect(parse('\\si:AISD*3F\\').kind).toBe('tag-only');
  });

  it('reads a UNIX time after the checksum', () => {
    const l = driftLines.find((x) => /\*[0-9A-F]{2},\d+\s*$/.test(x))!;
    const info = parse(l);
    expect(info.kind).toBe('ais');
    expect(info.trailingTimeMs).toBe(Number(l.trim().split(',').pop()) * 1000);
  });

  it('treats c: values above 1e11 as milliseconds', () => {
    const body = 'c:1411920502123';
    const tag = `\\${body}*${nmeaChecksum(body, 0, body.length).toString(16).toUpperCase().padStart(2, '0')}\\`;
    expect(parse(tag + realType1).tagTimeMs).toBe(1411920502123);
  });

  it('strips CRLF and passes other sentences and comments over', () => {
    expect(parse(`${realType1}\r`).kind).toBe('ais');
    expect(parse('$PSTT,30A,20131112,120000*6D').kind).toBe('other');
    expect(parse('# comment').kind).toBe('comment');
    expect(parse('   ').kind).toBe('blank');
  });
});

describe('parseLine on corrupted real lines', () => {
  it('bad-checksum: a wrong checksum, or a payload changed without resealing', () => {
    const wrong = realType1.replace(/\*..$/, '*00');
    expect(parse(wrong)).toMatchObject({ kind: 'bad', code: 'bad-checksum' });
    expect(parse(wrong).reason).toMatch(/checksum \*00 does not match the computed \*/);
    const flipped = realType1.replace(',A,1', ',A,3');
    expect(parse(flipped).code).toBe('bad-checksum');
  });

  it('bad-tag-block: a tag block with a wrong checksum or no closing backslash', () => {
    const l = driftLines.find((x) => x.startsWith('\\g:1-2-6745,'))!;
    expect(parse(l.replace('*56\\', '*57\\')).code).toBe('bad-tag-block');
    expect(parse('\\si:AISD*3F').code).toBe('bad-tag-block');
  });

  it('bad-payload: an illegal armour character (resealed so only the payload is wrong)', () => {
    const l = reseal(realType1.replace(/,A,1(.)/, ',A,1X'));
    const info = parse(l);
    expect(info.code).toBe('bad-payload');
    expect(info.reason).toMatch(/payload character "X" at column 16/);
  });

  it('fill-bits: out of range, empty, or nonzero on a fragment that is not the last', () => {
    expect(parse(reseal(realType1.replace(/,0\*/, ',6*'))).code).toBe('fill-bits');
    expect(parse(reseal(realType1.replace(/,0\*/, ',*'))).code).toBe('fill-bits');
    const first = reseal(realFirstOfTwo.replace(/,0\*/, ',2*'));
    expect(parse(first)).toMatchObject({ code: 'fill-bits' });
    expect(parse(first).reason).toMatch(/fragment 1 of 2/);
  });

  it('malformed: wrong field count, fragment number beyond the count', () => {
    expect(parse(reseal(realType1.replace(',A,', ',A,,'))).code).toBe('malformed');
    expect(parse(reseal(realType1.replace('!AIVDM,1,1,', '!AIVDM,1,2,'))).code).toBe('malformed');
    expect(parse('garbage').code).toBe('malformed');
  });

  it('empty-payload: the pyais sample has these', () => {
    const info = parse('!AIVDM,1,1,,B,,0*25');
    expect(info.code).toBe('empty-payload');
  });
});
