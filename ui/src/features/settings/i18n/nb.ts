// Innstillingenes ord på norsk bokmål.
import type { settingsEn } from './en';

export const settingsNb: Record<keyof typeof settingsEn, string> = {
  'nav.settings': 'Innstillinger',
  'strength.meter': 'Passordstyrke',
  'settings.heading': 'Innstillinger',
  'settings.general': 'Språk og låsing',
  'settings.language': 'Språk',
  'settings.languageHint': 'Lagres i hvelvet, så Lagom bruker det på alle datamaskiner du åpner hvelvet på.',
  'settings.autoLock': 'Lås hvelvet etter',
  'settings.minutes': 'minutter uten bruk',
  'settings.autoLockHint':
    'Fra {min} til {max} minutter. Når ingen har skrevet, klikket eller rullet så lenge, låser Lagom hvelvet.',
  'settings.autoLockRange': 'Velg et helt antall minutter fra {min} til {max}.',
  'settings.autoLockSaved': 'Lagret: hvelvet låses etter {minutes} minutter uten bruk.',
  'settings.saved': 'Lagret.',
  'settings.save': 'Lagre',
  'settings.password.heading': 'Bytt passord',
  'settings.password.explain':
    'Den hemmelige nøkkelen din forblir den samme. Velg et passord du ikke bruker noe annet sted.',
  'settings.password.current': 'Nåværende passord',
  'settings.password.new': 'Nytt passord',
  'settings.password.repeat': 'Nytt passord igjen',
  'settings.password.same': 'Det nye passordet er det samme som det nåværende.',
  'settings.password.submit': 'Bytt passord',
  'settings.password.changing': 'Bytter passord …',
  'settings.password.changed': 'Passordet ble byttet. Bruk det nye neste gang du låser opp.',
  'settings.rotate.heading': 'Bytt nøklene',
  'settings.rotate.explain':
    'Hvis noen kan ha sett den hemmelige nøkkelen eller nødarket ditt, eller tatt en kopi av hvelvet sammen med passordet ditt, bør du bytte nøklene. Lagom krypterer hele hvelvet på nytt med en ny nøkkel og gir deg en ny hemmelig nøkkel. Passordet forblir det samme. Med mange personer kan det ta et minutt.',
  'settings.rotate.warning':
    'Den gamle hemmelige nøkkelen og alle gamle nødark slutter å virke. Lagre det nye nødarket før du forlater denne siden.',
  'settings.rotate.password': 'Passord',
  'settings.rotate.confirm': 'Jeg forstår at den gamle hemmelige nøkkelen og nødarket slutter å virke',
  'settings.rotate.submit': 'Bytt nøklene',
  'settings.rotate.rotating': 'Krypterer hvelvet på nytt …',
  'settings.rotate.doneHeading': 'Din nye hemmelige nøkkel',
  'settings.rotate.done':
    'Hvelvet har fått nye nøkler. Dette er den nye hemmelige nøkkelen din; den vises bare nå. Lagre det nye nødarket og skriv det ut, og kast det gamle.',
  'settings.rotate.finish': 'Ferdig',
};
