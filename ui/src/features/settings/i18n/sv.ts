// Inställningarnas ord på svenska.
import type { settingsEn } from './en';

export const settingsSv: Record<keyof typeof settingsEn, string> = {
  'nav.settings': 'Inställningar',
  'strength.meter': 'Lösenordets styrka',
  'settings.heading': 'Inställningar',
  'settings.general': 'Språk och låsning',
  'settings.language': 'Språk',
  'settings.languageHint': 'Sparas i valvet, så Lagom använder det på alla datorer där du öppnar valvet.',
  'settings.autoLock': 'Lås valvet efter',
  'settings.minutes': 'minuter utan användning',
  'settings.autoLockHint':
    'Från {min} till {max} minuter. När ingen har skrivit, klickat eller scrollat så länge låser Lagom valvet.',
  'settings.autoLockRange': 'Välj ett helt antal minuter från {min} till {max}.',
  'settings.autoLockSaved': 'Sparat: valvet låses efter {minutes} minuter utan användning.',
  'settings.saved': 'Sparat.',
  'settings.save': 'Spara',
  'settings.password.heading': 'Byt lösenord',
  'settings.password.explain':
    'Din hemliga nyckel förblir densamma. Välj ett lösenord som du inte använder någon annanstans.',
  'settings.password.current': 'Nuvarande lösenord',
  'settings.password.new': 'Nytt lösenord',
  'settings.password.repeat': 'Nytt lösenord igen',
  'settings.password.same': 'Det nya lösenordet är detsamma som det nuvarande.',
  'settings.password.submit': 'Byt lösenord',
  'settings.password.changing': 'Byter lösenord …',
  'settings.password.changed': 'Lösenordet har bytts. Använd det nya nästa gång du låser upp.',
  'settings.rotate.heading': 'Byt nycklarna',
  'settings.rotate.explain':
    'Om någon kan ha sett din hemliga nyckel eller ditt nödblad, eller tagit en kopia av valvet tillsammans med ditt lösenord, bör du byta nycklarna. Lagom krypterar om hela valvet med en ny nyckel och ger dig en ny hemlig nyckel. Lösenordet förblir detsamma. Med många personer kan det ta en minut.',
  'settings.rotate.warning':
    'Din gamla hemliga nyckel och alla gamla nödblad slutar fungera. Spara det nya nödbladet innan du lämnar sidan.',
  'settings.rotate.password': 'Lösenord',
  'settings.rotate.confirm': 'Jag förstår att min gamla hemliga nyckel och mitt nödblad slutar fungera',
  'settings.rotate.submit': 'Byt nycklarna',
  'settings.rotate.rotating': 'Krypterar om valvet …',
  'settings.rotate.doneHeading': 'Din nya hemliga nyckel',
  'settings.rotate.done':
    'Valvet har nya nycklar. Det här är din nya hemliga nyckel; den visas bara nu. Spara det nya nödbladet och skriv ut det, och förstör det gamla.',
  'settings.rotate.finish': 'Klar',
};
