/**
 * The target guess on every public dataset of `datasets/`, made as the extension makes it: the
 * engine worker's peek at the source (the first 64 KiB of the file, inflated for `.csv.gz`, and
 * its complete rows), then the guess.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rankTargets } from '../../src/engine/profile/targetGuess';
import { guessTargetIndex } from '../../src/extension/targetGuess';
import { openSource } from '../../src/node/sources/openSource';
import { datasetFile, readManifest } from '../publicDatasets';

/**
 * Why each dataset lands on its target, where it is not simply "an outcome name with class labels"
 * (breast_cancer_wisc's Class, titanic's survived, iris' species) or "the only class labels, last".
 */
const WHY: Readonly<Record<string, string>> = {
  pima_diabetes: 'diabetes holds the only string labels (pos/neg); every other column is a number',
  spam: 'the file is sorted by class, so type reads "spam" in every row of the head: one value seen in a partial head is neutral, not constant, and type wins the tie with the numbers as the last column',
  flights_late: 'late is 0/1 (a boolean); date is a datetime, origin and destination have over 50 airports each (many labels)',
  wine: 'cultivar holds the only string labels (class_0..class_2)',
  penguins: 'species is first, but an outcome name with class labels (6) beats sex and island, which are class labels only (2)',
  letter: 'lettr is first, but its 26 string labels beat 16 small-integer features, which are numbers (neutral)',
  seattle_weather: 'weather holds the only string labels; date is a datetime',
  concrete: 'every column is a number and no name speaks: the last column, compressive_strength',
  diamonds: 'price is a quantity name (3) above the cut/color/clarity grades (class labels, 2); y beside x and z is a coordinate',
};

describe('the target guess on the public datasets (the first rows, as the extension peeks at them)', () => {
  const manifest = readManifest();

  it('covers every dataset of the manifest', () => {
    assert.equal(manifest.length, 12);
    for (const name of Object.keys(WHY)) assert.ok(manifest.some((entry) => entry.name === name), name);
  });

  for (const entry of manifest) {
    it(`guesses ${entry.target} on ${entry.name}${WHY[entry.name] === undefined ? '' : `: ${WHY[entry.name]}`}`, async () => {
      const sample = await openSource({ kind: 'csv', path: datasetFile(entry.name) }).peek();
      const { columns } = sample;
      const ranked = rankTargets(sample.frame, { partial: sample.partial })
        .slice(0, 3)
        .map((c) => `${c.name} ${c.score} [${c.reasons.join(', ')}]`);
      assert.equal(columns[guessTargetIndex(columns, sample)], entry.target, `ranked: ${ranked.join('; ')}`);
    });
  }
});
