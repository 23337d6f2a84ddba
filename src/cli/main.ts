#!/usr/bin/env node
/**
 * The `redline` command: a thin shell that parses arguments and calls the same functions the tests
 * and (later) the server call. Exit codes: 0 done, 1 bad input, 2 bad usage, 3 a finding at or above
 * --fail-on.
 */
import { AgreementError } from '../language/index.js';
import { UsageError } from './args.js';
import { backtestCommand, backtestHelp } from './commands/backtest.js';
import { checkCommand } from './commands/check.js';
import { demo } from './commands/demo.js';
import { diffCommand, diffHelp } from './commands/diff.js';
import { fetchCommand, fetchHelp } from './commands/fetch.js';
import { ingestCommand, ingestHelp } from './commands/ingest.js';
import { keysCommand } from './commands/keys.js';
import { logCommand, logHelp } from './commands/log.js';
import { placesCommand } from './commands/places.js';
import { positionsCommand, positionsHelp } from './commands/positions.js';
import { schemaCommand } from './commands/schema.js';
import { serveCommand, serveHelp } from './commands/serve.js';
import { validate } from './commands/validate.js';
import { watchCommand } from './commands/watch.js';

const commands: Record<string, { run: (argv: string[]) => number | Promise<number>; help: string }> = {
  validate: { run: validate, help: 'validate FILE...                 check agreement files; every problem with file:line:column' },
  check: {
    run: checkCommand,
    help: 'check --agreement FILE... (--observations FILE... | --store PATH) [--registry FILE]... [--catalogue FILE] [--view PARTY|all]... [--interpretation ID|all]... [--from T] [--to T]\n        [--format table|json|geojson] [--explain] [--out FILE] [--quarantine FILE] [--fail-on breach|risk]\n        --interpretation judges under a party\'s reading (default: as-written, the text); with several readings or views, says which findings differ;\n        with --store: evaluates what is stored (in --from/--to), adds any --observations files, and stores the findings and a run;\n        --record --log-key FILE also appends them to the store\'s record log (superseding what changed) and signs a checkpoint',
  },
  demo: { run: demo, help: 'demo [--out DIR]                 run the bundled agreements over data/demo and, if present, ../shared/data' },
  places: {
    run: placesCommand,
    help: "places --agreement FILE... [--view PARTY]... [--at DATE] [--out FILE]\n        the agreements' places as GeoJSON, per view, to map beside the findings",
  },
  ingest: { run: ingestCommand, help: ingestHelp },
  fetch: { run: fetchCommand, help: fetchHelp },
  keys: { run: keysCommand, help: 'keys new --party ID [--dir DIR]  an Ed25519 key pair for a party, a guarantor or the log (DIR/ID.key, DIR/ID.vkey, DIR/ID.token)\n        keys token --key FILE            the API token of a key (for redline serve)' },
  log: { run: logCommand, help: `${logHelp()}` },
  watch: {
    run: watchCommand,
    help: 'watch --agreement FILE... (--tcp HOST:PORT | --udp [HOST:]PORT | - | FILE) [--registry FILE]... [--catalogue FILE] [--view PARTY]...\n        [--format table|json] [--out FILE] [--name SOURCE] [--every N] [--tick SECONDS]   findings live as NMEA arrives; at the end exactly what check gives',
  },
  backtest: { run: backtestCommand, help: backtestHelp },
  diff: { run: diffCommand, help: diffHelp },
  positions: { run: positionsCommand, help: positionsHelp },
  serve: { run: serveCommand, help: serveHelp },
  schema: { run: schemaCommand, help: 'schema [--write DIR]             print or write the JSON Schemas (agreement, findings)' },
};

function usage(): string {
  return ['usage: redline <command> [options]', '', ...Object.values(commands).map((c) => `  redline ${c.help}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`redline: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`redline ${name}: ${e.message}\n\n${usage()}`);
      return 2;
    }
    if (e instanceof AgreementError) {
      console.error(e.message);
      console.error(`${e.issues.length} problem(s) found`);
      return 1;
    }
    if (e instanceof Error && (e as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`redline ${name}: ${e.message}`);
      return 1;
    }
    // Input the user can fix: a file, a registry, a view that does not fit the places asked for.
    if (e instanceof Error && ['InputError', 'SourceError', 'JsonSyntaxError', 'UnassignedContestedAreaError'].includes(e.name)) {
      console.error(`redline ${name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
