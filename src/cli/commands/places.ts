import { writeFileSync } from 'node:fs';
import { createGeo } from '../../geo/index.js';
import { loadAgreement, PlaceError, placeSpecOf } from '../../verify/index.js';
import { parse, spreadLists, timeOption, UsageError } from '../args.js';

/**
 * The places of agreements as GeoJSON, one feature per place and view, for a map beside the
 * findings. Outlines of distance-based places (territorial seas, reach areas, belts) are drawn on a
 * grid and say so in their description; verdicts never use these outlines.
 */
export function placesCommand(argv: string[]): number {
  const { values } = parse(
    spreadLists(argv, ['--agreement', '-a', '--view']),
    { agreement: { type: 'string', multiple: true, short: 'a' }, view: { type: 'string', multiple: true }, at: { type: 'string' }, out: { type: 'string' } },
    false,
  );
  if (!values.agreement?.length) throw new UsageError('places needs --agreement FILE');
  const at = timeOption('at', values.at) ?? Date.now();
  const geo = createGeo();
  const features = [];
  for (const agreement of values.agreement.map(loadAgreement)) {
    for (const view of values.view?.length ? values.view : agreement.defaultViews()) {
      for (const decl of agreement.decl.places) {
        process.stderr.write(`${agreement.id}/${decl.id} (view ${view}) ...`);
        const t0 = performance.now();
        let region;
        try {
          region = geo.resolve(decl.id, placeSpecOf(agreement, decl), view, (party) => agreement.statesOf(party, at));
        } catch (e) {
          throw new PlaceError(`${agreement.file}: place "${decl.id}" under view ${view}: ${(e as Error).message}`);
        }
        const coordinates = region.geometry();
        process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
        features.push({
          type: 'Feature',
          id: `${agreement.id}/${decl.id}/${view}`,
          geometry: { type: 'MultiPolygon', coordinates },
          properties: { agreement: agreement.id, place: decl.id, kind: decl.kind, name: decl.name ?? decl.id, view, description: region.description },
        });
      }
    }
  }
  const text = `${JSON.stringify({ type: 'FeatureCollection', features })}\n`;
  if (values.out) {
    writeFileSync(values.out, text);
    console.error(`wrote ${features.length} places to ${values.out}`);
  } else process.stdout.write(text);
  return 0;
}
