/** `node dist/bench/make-large-nmea.js OUT.nmea [--bytes N]`: writes the file of build-large-nmea.ts (1 GiB by default). */
import { buildLargeNmea, LARGE_NMEA_SOURCES } from './build-large-nmea.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const out = args[0];
if (!out) {
  console.error('usage: node dist/bench/make-large-nmea.js OUT.nmea [--bytes N]');
  process.exit(2);
}
const i = args.indexOf('--bytes');
const r = await buildLargeNmea(out, i >= 0 ? Number(args[i + 1]) : 1 << 30);
console.log(`${out}: ${r.bytes} bytes, ${r.lines} lines, ${r.rounds} rounds of the ${LARGE_NMEA_SOURCES.length} real NMEA files, each round one day later`);
