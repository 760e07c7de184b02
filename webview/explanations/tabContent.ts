/** What a tab renders: its element, and the charts to draw once the element is in the page. */
export interface TabContent {
  readonly element: HTMLElement;
  /** Draws the tab's canvas charts (chart.js needs a connected canvas to size it). */
  readonly draw?: () => void;
}
