import { applyRegistryFile, attributeAssets, loadObservationFiles } from '../observations/load.js';
import { emptyObservationSet, type ObservationSet } from '../observations/model.js';
import { loadCatalogue } from '../observations/registry/catalogue.js';
import { bundled } from './paths.js';

/**
 * Observations from files (added to `base`, e.g. what a store holds), with registries applied and
 * assets attributed from the asset catalogue.
 */
export async function readObservations(
  files: string[],
  registries: string[],
  cataloguePath = bundled('data', 'assets', 'catalogue.yaml'),
  base: ObservationSet = emptyObservationSet(),
): Promise<ObservationSet> {
  const catalogue = loadCatalogue(cataloguePath);
  const obs = base;
  await loadObservationFiles(files, obs);
  for (const r of registries) applyRegistryFile(r, obs, catalogue);
  attributeAssets(obs, catalogue);
  return obs;
}
