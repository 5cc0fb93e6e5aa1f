// An import problem in the reader's words. The core hands each problem as a code with its
// parameters (never a value of the row); a code this version has no words for (a newer core)
// falls back to the core's English.
import type { Problem, RowIssue } from '../../lib/api';
import type { Locale } from '../../lib/i18n/index.svelte';
import type { i18n } from './i18n';

type Key = Parameters<typeof i18n.t>[0];
type Translate = (key: Key, values?: Record<string, string | number>) => string;

/** Countries as the language lists them: "DK or NO", "DK, NO and SE". */
function listed(countries: string[], locale: Locale, type: 'conjunction' | 'disjunction'): string {
  return new Intl.ListFormat(locale, { type }).format(countries);
}

/** What is wrong with a row or value, in the reader's language. */
export function problemText(
  issue: Pick<RowIssue, 'problem' | 'reason'>,
  t: Translate,
  locale: Locale,
  date: (day: string) => string,
  has: (key: string) => boolean,
): string {
  const p: Problem = issue.problem;
  switch (p.code) {
    case 'bad_phone':
      return t('import.problem.bad_phone', { countries: listed(p.countries, locale, 'disjunction') });
    case 'ambiguous_phone':
      return t('import.problem.ambiguous_phone', { countries: listed(p.countries, locale, 'conjunction') });
    case 'row_refused': {
      const key = `field.${p.field}`;
      return t('import.problem.row_refused', { field: has(key) ? t(key as Key) : t('import.problem.aValue') });
    }
    case 'erased':
      return p.request
        ? t('import.problem.erased', { date: date(p.erased_on), request: p.request })
        : t('import.problem.erasedNoRequest', { date: date(p.erased_on) });
    case 'no_column_matched':
      return t('import.problem.no_column_matched', { file: p.file });
    case 'bad_email':
    case 'bad_date':
    case 'bad_number':
    case 'bad_country':
    case 'no_name_or_email':
      return t(`import.problem.${p.code}`);
    default:
      return issue.reason;
  }
}
