// Password strength by zxcvbn (the TypeScript port): dictionaries of common passwords and
// English words, keyboard patterns, dates and repeats, scored 0–4. Used wherever a new
// password is chosen (the first run, the settings screen); loaded lazily, as it is large.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

let checker: ZxcvbnFactory | undefined;

export function strength(password: string, userInputs: string[] = []): 0 | 1 | 2 | 3 | 4 {
  if (!password) return 0;
  checker ??= new ZxcvbnFactory({
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...english.dictionary },
  });
  return checker.check(password, userInputs.filter(Boolean)).score;
}
