// "Today" in one place: the computer's local date as the core's clock sees it, which every
// `vault.status` answer carries. Default dates in forms and any date the UI compares itself
// come from here, so the UI and the core never disagree about which day it is (the UI's own
// clock would say UTC in places, and a test may move the core's clock).

import type { Status } from './api';
import { addDays, browserLocalDay, daysBetween, isDay } from './day';

/** The core's last word on the date, and the browser's local date when it said it. */
const heard = $state<{ core: string | null; browser: string }>({ core: null, browser: '' });

/** Takes the date from a `vault.status` (or unlock, or lock) answer. A core too old to send
 *  one leaves the browser's local date in use. */
export function rememberToday(status: Partial<Pick<Status, 'today'>> | null | undefined): void {
  if (!isDay(status?.today)) return;
  heard.core = status.today;
  heard.browser = browserLocalDay();
}

/**
 * Today, `YYYY-MM-DD`: the core's date, moved on by as many days as have turned on this
 * computer since it was heard (the status is asked for again only while someone works); the
 * browser's local date until the core has said.
 */
export function today(now?: Date): string {
  const browser = browserLocalDay(now);
  if (heard.core === null) return browser;
  const turned = daysBetween(heard.browser, browser);
  return turned > 0 ? addDays(heard.core, turned) : heard.core;
}
