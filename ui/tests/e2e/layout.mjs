// Whether a screen holds at a window size: the page never scrolls sideways, and no control
// (button, field, menu, link) is cut off — wider than its own box (a clipped label or
// placeholder), past the window's edge, or spilling out of a box around it (a card, or a box
// that hides or scrolls what overflows it). `holds` checks the screen on show; `everyScreen` visits each screen of the
// app at each size and fails naming the screen, the size and the offending element.

/** The sizes every screen must hold at: a small laptop's window and a full-HD desktop. */
export const SIZES = [
  { width: 1024, height: 700 },
  { width: 1920, height: 1080 },
];

/** What is wrong with the layout now, each as `element: what`; empty when it holds. */
export function problems(page) {
  return page.evaluate(() => {
    const found = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) {
      found.push(`the page scrolls sideways (${doc.scrollWidth} px wide in ${doc.clientWidth} px)`);
    }
    const name = (e) => {
      const id = e.getAttribute('data-testid');
      const words = (e.getAttribute('aria-label') || e.getAttribute('placeholder') || e.textContent || e.value || '')
        .trim()
        .replace(/\s+/g, ' ')
        .slice(0, 50);
      return `<${e.tagName.toLowerCase()}${id ? ` data-testid="${id}"` : ''}> “${words}”`;
    };
    // The width a field's placeholder needs, in the field's own font.
    const canvas = document.createElement('canvas').getContext('2d');
    const textWidth = (e, text) => {
      const s = getComputedStyle(e);
      canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      return canvas.measureText(text).width;
    };
    const controls = document.querySelectorAll('button, input, select, textarea, a[href], [role="button"]');
    for (const e of controls) {
      const box = e.getBoundingClientRect();
      // Hidden ones (a closed dialog, a visually hidden file input) are not on screen.
      if (box.width < 2 || box.height < 2 || !e.checkVisibility({ visibilityProperty: true })) continue;
      if (e.closest('.visually-hidden')) continue;
      if (box.right > window.innerWidth + 1 || box.left < -1) {
        found.push(`${name(e)}: reaches past the window (${Math.round(box.left)}–${Math.round(box.right)} px of ${window.innerWidth})`);
        continue;
      }
      const type = e.getAttribute('type');
      const fixed = ['checkbox', 'radio', 'range', 'color', 'file', 'date', 'datetime-local', 'time', 'month', 'week'];
      if (e.tagName === 'INPUT' && !fixed.includes(type)) {
        const s = getComputedStyle(e);
        const room = e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
        const placeholder = e.getAttribute('placeholder');
        // The search field's own clear button takes room too.
        const extra = type === 'search' ? 16 : 0;
        if (placeholder && !e.value && textWidth(e, placeholder) + extra > room + 1) {
          found.push(`${name(e)}: its placeholder is cut off (${Math.round(textWidth(e, placeholder))} px in ${Math.round(room - extra)} px)`);
        }
      } else if (e.tagName !== 'TEXTAREA' && e.tagName !== 'INPUT' && e.scrollWidth > e.clientWidth + 1) {
        found.push(`${name(e)}: its text is cut off (${e.scrollWidth} px in ${e.clientWidth} px)`);
      }
      // A box around it — one that hides or scrolls what overflows it, or one drawn with a
      // background or a border (a card) — must have room for it: what spills out of a card
      // is painted over by the card beside it.
      for (let up = e.parentElement; up && up !== document.body; up = up.parentElement) {
        const s = getComputedStyle(up);
        const clips = s.overflowX !== 'visible';
        const drawn =
          !/^(transparent|rgba\(0, 0, 0, 0\))$/.test(s.backgroundColor) ||
          parseFloat(s.borderLeftWidth) > 0 ||
          parseFloat(s.borderRightWidth) > 0;
        if (!clips && !drawn) continue;
        const around = up.getBoundingClientRect();
        if (box.right > around.right + 1 || box.left < around.left - 1) {
          const what = up.getAttribute('data-testid') || up.className || up.tagName.toLowerCase();
          found.push(`${name(e)}: spills out of the box around it (${what}: ${Math.round(box.left)}–${Math.round(box.right)} px in ${Math.round(around.left)}–${Math.round(around.right)} px)`);
          break;
        }
      }
    }
    return found;
  });
}

/** Fails when the screen on show does not hold, naming `screen` and every offender. */
export async function holds(page, screen) {
  const size = page.viewportSize();
  const found = await problems(page);
  if (found.length) {
    throw new Error(`${screen} at ${size.width}×${size.height}:\n  ${found.join('\n  ')}`);
  }
}

/** Fails unless the screen on show holds at every size (the window is left at its first). */
export async function holdsAtEverySize(page, screen) {
  const first = page.viewportSize();
  const failures = [];
  try {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.waitForTimeout(150);
      const found = await problems(page);
      if (found.length) failures.push(`${screen} at ${size.width}×${size.height}:\n  ${found.join('\n  ')}`);
    }
  } finally {
    await page.setViewportSize(first);
  }
  if (failures.length) throw new Error(failures.join('\n'));
}

/**
 * Visits every screen at every size: each `screens` entry is `[name, open]`, `open(page)`
 * bringing the screen up (and `close`, when given, taking it down again). Fails naming the
 * screen, the size and each element that does not hold; `shot(name)`, when given, takes a
 * picture of each screen that does not (the whole page). The window is left at its first size.
 */
export async function everyScreen(page, screens, { shot } = {}) {
  const first = page.viewportSize();
  const failures = [];
  try {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const [screen, open, close] of screens) {
        await open(page);
        // Layout settles after the answer that fills the screen.
        await page.waitForTimeout(150);
        const found = await problems(page);
        if (found.length) {
          failures.push(`${screen} at ${size.width}×${size.height}:\n  ${found.join('\n  ')}`);
          if (shot) await shot(`layout-${screen.replace(/\W+/g, '-')}-${size.width}`);
        }
        if (close) await close(page);
      }
    }
  } finally {
    await page.setViewportSize(first);
  }
  if (failures.length) throw new Error(`screens that do not hold:\n${failures.join('\n')}`);
}
