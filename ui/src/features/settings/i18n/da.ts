// Indstillingernes ord på dansk.
import type { settingsEn } from './en';

export const settingsDa: Record<keyof typeof settingsEn, string> = {
  'nav.settings': 'Indstillinger',
  'strength.meter': 'Adgangskodens styrke',
  'settings.heading': 'Indstillinger',
  'settings.general': 'Sprog og låsning',
  'settings.language': 'Sprog',
  'settings.languageHint': 'Gemmes i boksen, så Lagom bruger det på alle computere, hvor du åbner boksen.',
  'settings.autoLock': 'Lås boksen efter',
  'settings.minutes': 'minutter uden brug',
  'settings.autoLockHint':
    'Fra {min} til {max} minutter. Når ingen har skrevet, klikket eller rullet så længe, låser Lagom boksen.',
  'settings.autoLockRange': 'Vælg et helt antal minutter fra {min} til {max}.',
  'settings.autoLockSaved': 'Gemt: boksen låses efter {minutes} minutter uden brug.',
  'settings.saved': 'Gemt.',
  'settings.save': 'Gem',
  'settings.password.heading': 'Skift adgangskode',
  'settings.password.explain':
    'Din hemmelige nøgle forbliver den samme. Vælg en adgangskode, du ikke bruger andre steder.',
  'settings.password.current': 'Nuværende adgangskode',
  'settings.password.new': 'Ny adgangskode',
  'settings.password.repeat': 'Ny adgangskode igen',
  'settings.password.same': 'Den nye adgangskode er den samme som den nuværende.',
  'settings.password.submit': 'Skift adgangskode',
  'settings.password.changing': 'Skifter adgangskode …',
  'settings.password.changed': 'Adgangskoden er skiftet. Brug den nye, næste gang du låser op.',
  'settings.rotate.heading': 'Udskift nøglerne',
  'settings.rotate.explain':
    'Hvis nogen kan have set din hemmelige nøgle eller dit nødark, eller taget en kopi af boksen sammen med din adgangskode, bør du udskifte nøglerne. Lagom krypterer hele boksen igen med en ny nøgle og giver dig en ny hemmelig nøgle. Adgangskoden forbliver den samme. Med mange personer kan det tage et minut.',
  'settings.rotate.warning':
    'Din gamle hemmelige nøgle og alle gamle nødark holder op med at virke. Gem det nye nødark, før du forlader siden.',
  'settings.rotate.password': 'Adgangskode',
  'settings.rotate.confirm': 'Jeg forstår, at min gamle hemmelige nøgle og mit nødark holder op med at virke',
  'settings.rotate.submit': 'Udskift nøglerne',
  'settings.rotate.rotating': 'Krypterer boksen igen …',
  'settings.rotate.doneHeading': 'Din nye hemmelige nøgle',
  'settings.rotate.done':
    'Boksen har fået nye nøgler. Dette er din nye hemmelige nøgle; den vises kun nu. Gem det nye nødark, udskriv det, og tilintetgør det gamle.',
  'settings.rotate.finish': 'Færdig',
};
