// Which rows of a fixed-height list are on screen, with a margin so that scrolling does not
// show blanks.

export function visibleRange(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  margin = 10,
): { from: number; to: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(viewport / rowHeight) + 1;
  return {
    from: Math.max(0, first - margin),
    to: Math.min(count, first + shown + margin),
  };
}
