// How an action on a request reads, as a catalogue key. Deadlines and people are worded by
// lib/requests.ts, which the start screen shares.

const actionWords = ['created', 'identity_checked', 'extended', 'closed', 'rectified', 'bundle_exported', 'erased'] as const;

/** The catalogue key of an action on a request, or null for one this version has no words
 * for (shown as stored). */
export function actionKey(action: string): `requests.action.${(typeof actionWords)[number]}` | null {
  return (actionWords as readonly string[]).includes(action)
    ? (`requests.action.${action}` as `requests.action.${(typeof actionWords)[number]}`)
    : null;
}
