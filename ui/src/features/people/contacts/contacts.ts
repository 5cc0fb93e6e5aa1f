// A person's addresses and numbers as the card shows them, and what the card's small form
// asks of the core. The core keeps the order (e-mail first, each channel's primary first),
// decides which is primary and checks every value; this only groups what it returns and
// carries the owner's choices to it.

import type { Channel, ContactKind, ContactPoint, NewContact } from '../../../lib/api';

/** The kinds, in the order they are offered. */
export const KINDS = ['work', 'private', 'mobile', 'other'] as const satisfies readonly ContactKind[];

/** The channels, in the order the card lists them. */
export const CHANNELS = ['email', 'phone'] as const satisfies readonly Channel[];

/** The card's form for a new address or number, as the owner fills it in. */
export interface ContactDraft {
  channel: Channel;
  value: string;
  kind: ContactKind;
  primary: boolean;
}

export function emptyDraft(channel: Channel = 'email'): ContactDraft {
  return { channel, value: '', kind: 'other', primary: false };
}

/** `person.contact_add`'s contact: the value trimmed (the core cleans it further and checks
 * it), `primary` only when asked for. */
export function newContact(d: ContactDraft): NewContact {
  return {
    channel: d.channel,
    value: d.value.trim(),
    kind: d.kind,
    ...(d.primary ? { primary: true } : {}),
  };
}

/** Whether the form has something to send. */
export function canAdd(d: ContactDraft): boolean {
  return d.value.trim().length > 0;
}

/** The person's addresses and numbers by channel, each in the core's order; a channel the
 * person has nothing of is left out. */
export function byChannel(contacts: readonly ContactPoint[]): { channel: Channel; points: ContactPoint[] }[] {
  return CHANNELS.map((channel) => ({ channel, points: contacts.filter((c) => c.channel === channel) })).filter(
    (g) => g.points.length > 0,
  );
}

/** The field a refusal of a value of `channel` names: the core checks an address as
 * `email` and a number as `phone`, on the card as in the person's form. */
export function fieldOf(channel: Channel): string {
  return channel;
}
