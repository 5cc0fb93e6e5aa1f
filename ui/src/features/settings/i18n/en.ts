// The settings screen's words in English, the reference for the other languages.
export const settingsEn = {
  'nav.settings': 'Settings',
  'strength.meter': 'Password strength',
  'settings.heading': 'Settings',
  'settings.general': 'Language and locking',
  'settings.language': 'Language',
  'settings.languageHint': 'Kept in the vault, so Lagom speaks it on any computer you open the vault on.',
  'settings.autoLock': 'Lock the vault after',
  'settings.minutes': 'minutes without use',
  'settings.autoLockHint':
    'From {min} to {max} minutes. When nobody has typed, clicked or scrolled for this long, Lagom locks the vault.',
  'settings.autoLockRange': 'Choose a whole number of minutes from {min} to {max}.',
  'settings.autoLockSaved': 'Saved: the vault locks after {minutes} minutes without use.',
  'settings.saved': 'Saved.',
  'settings.save': 'Save',
  'settings.password.heading': 'Change the password',
  'settings.password.explain':
    'Your secret key stays the same. Choose a password you do not use anywhere else.',
  'settings.password.current': 'Current password',
  'settings.password.new': 'New password',
  'settings.password.repeat': 'New password again',
  'settings.password.same': 'The new password is the same as the current one.',
  'settings.password.submit': 'Change password',
  'settings.password.changing': 'Changing the password…',
  'settings.password.changed': 'The password was changed. Use the new one the next time you unlock.',
  'settings.rotate.heading': 'Replace the keys',
  'settings.rotate.explain':
    'If someone may have seen your secret key or emergency kit, or taken a copy of the vault together with your password, replace the keys. Lagom encrypts the whole vault again under a new key and gives you a new secret key. Your password stays the same. With many people this can take a minute.',
  'settings.rotate.warning':
    'Your old secret key and every old emergency kit stop working. Save the new emergency kit before you leave this page.',
  'settings.rotate.password': 'Password',
  'settings.rotate.confirm': 'I understand that my old secret key and emergency kit will stop working',
  'settings.rotate.submit': 'Replace the keys',
  'settings.rotate.rotating': 'Encrypting the vault again…',
  'settings.rotate.doneHeading': 'Your new secret key',
  'settings.rotate.done':
    'The vault has new keys. This is your new secret key; it is shown only now. Save the new emergency kit and print it, and destroy the old one.',
  'settings.rotate.finish': 'Done',
};
