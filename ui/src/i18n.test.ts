import { describe, expect, it } from 'vitest';
import { featureWords } from './i18n';
import { catalogueProblems, catalogues, type Words } from './lib/i18n/index.svelte';

describe("every feature's catalogues", () => {
  for (const [feature, words] of Object.entries(featureWords)) {
    it(`${feature} has every key in every language, none empty, every placeholder kept`, () => {
      expect(catalogueProblems(words as Words<string>)).toEqual([]);
    });
  }

  it('name no key that lib or another feature already has', () => {
    const owner = new Map<string, string>(Object.keys(catalogues.en).map((key) => [key, 'lib']));
    const twice: string[] = [];
    for (const [feature, words] of Object.entries(featureWords)) {
      for (const key of Object.keys(words.en)) {
        const first = owner.get(key);
        if (first) twice.push(`${key}: ${first} and ${feature}`);
        else owner.set(key, feature);
      }
    }
    expect(twice).toEqual([]);
  });
});
