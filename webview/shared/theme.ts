/**
 * Colors for canvas charts, read from VS Code's theme CSS variables at draw time, so light, dark
 * and high-contrast themes all work (canvas cannot use `var(--…)` directly).
 */

/** Distinct class colors: `class-0` … `class-5` in base.css; class `i` uses `class-${i % CLASS_COLORS}`. */
export const CLASS_COLORS = 6;

/** Theme colors a chart uses; each is a CSS color string. */
export interface ChartTheme {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly bar: string;
  readonly barHighlight: string;
  readonly fontFamily: string;
  readonly fontSizePx: number;
}

/** Reads the chart colors from the computed style of `element` (the page's `<body>` by default). */
export function readChartTheme(element: Element = document.body): ChartTheme {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const fontSize = Number.parseFloat(read('--vscode-font-size', '13'));
  return {
    foreground: read('--vscode-foreground', '#cccccc'),
    muted: read('--vscode-descriptionForeground', '#9d9d9d'),
    grid: read('--vscode-panel-border', 'rgba(128, 128, 128, 0.35)'),
    bar: read('--vscode-charts-blue', '#3794ff'),
    barHighlight: read('--vscode-charts-orange', '#d18616'),
    fontFamily: read('--vscode-font-family', 'system-ui, sans-serif'),
    fontSizePx: Number.isFinite(fontSize) ? fontSize : 13,
  };
}

/**
 * Calls `redraw` when the theme changes: VS Code switches `<body>`'s class and the variables on
 * `<html>`, and canvas charts must be drawn again in the new colors.
 */
export function onThemeChange(redraw: () => void): void {
  const observer = new MutationObserver(() => redraw());
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
