// Why people were left out of a marketing list, as catalogue keys; reasons with nobody in
// them are not shown.
import type { MarketingList } from '../../lib/api';

type Reason = keyof MarketingList['left_out'];
type Key = `marketing.reason.${Reason}`;

const order: Reason[] = ['no_consent', 'pending', 'withdrawn', 'restricted', 'objected', 'not_subscribed', 'no_email', 'archived'];

export function leftOutLines(left: MarketingList['left_out']): { key: Key; count: number }[] {
  return order.filter((r) => left[r] > 0).map((r) => ({ key: `marketing.reason.${r}` as Key, count: left[r] }));
}
