// What is wrong with a new password as typed, before the core's own check: the same rule
// (at least ten characters), the two copies alike, and a change that changes something.
export const MIN_PASSWORD_CHARS = 10;

export type PasswordProblem = 'tooShort' | 'mismatch' | 'same' | null;

export function passwordProblem(current: string, next: string, repeat: string): PasswordProblem {
  if (next.length > 0 && [...next].length < MIN_PASSWORD_CHARS) return 'tooShort';
  if (repeat.length > 0 && repeat !== next) return 'mismatch';
  if (next.length > 0 && next === current) return 'same';
  return null;
}

/** Whether the form may be sent. */
export function canChange(current: string, next: string, repeat: string): boolean {
  return !!current && !!next && next === repeat && passwordProblem(current, next, repeat) === null;
}
