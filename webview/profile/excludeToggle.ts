/**
 * "Exclude column" / "Include again" buttons and "excluded" markers. They carry their column in a
 * `data-column` attribute, so one pass over the page brings every one of them up to date when
 * the host's `profile/excluded` arrives, wherever they were built (warnings list, details).
 */
import { h } from '../shared/dom';

/** Where a toggle sits, which decides its wording. */
export type ExcludeToggleVariant = 'warning' | 'detail';

const LABELS: Readonly<Record<ExcludeToggleVariant, readonly [exclude: string, include: string]>> = {
  warning: ['Exclude column', 'Include again'],
  detail: ['Exclude from training', 'Include again'],
};

const TOGGLE_CLASS = 'exclude-toggle';
const MARKER_CLASS = 'excluded-marker';

/**
 * A button that toggles whether `column` is left out of the next run. `onToggle` decides what
 * to post from the current state (the host's answer, not the button, is the truth).
 */
export function excludeToggle(column: string, variant: ExcludeToggleVariant, excluded: boolean, onToggle: (column: string) => void): HTMLElement {
  const props = {
    on: { click: () => onToggle(column) },
    attrs: { 'data-column': column, 'data-variant': variant },
  };
  // In a list of warnings a quiet link; in the details a real (secondary) button.
  const button = variant === 'warning'
    ? h('button', { ...props, class: `${TOGGLE_CLASS} link`, attrs: { ...props.attrs, type: 'button' } })
    : h('vscode-button', { ...props, class: TOGGLE_CLASS, attrs: { ...props.attrs, secondary: true } });
  setToggle(button, excluded);
  return button;
}

/** A tag reading "excluded", hidden while `column` is not excluded. */
export function excludedMarker(column: string, excluded: boolean): HTMLElement {
  const marker = h('span', {
    class: `tag tag-excluded ${MARKER_CLASS}`,
    attrs: { 'data-column': column, title: 'Left out of the next run' },
  }, 'excluded');
  marker.hidden = !excluded;
  return marker;
}

/** Brings every toggle and marker under `root` in line with `excluded`. */
export function syncExcludeToggles(root: ParentNode, excluded: ReadonlySet<string>): void {
  for (const element of root.querySelectorAll(`.${TOGGLE_CLASS}, .${MARKER_CLASS}`)) {
    const isExcluded = excluded.has(element.getAttribute('data-column') ?? '');
    if (element.classList.contains(TOGGLE_CLASS)) setToggle(element as HTMLElement, isExcluded);
    else (element as HTMLElement).hidden = !isExcluded;
  }
}

function setToggle(button: HTMLElement, excluded: boolean): void {
  const column = button.getAttribute('data-column') ?? '';
  const variant: ExcludeToggleVariant = button.getAttribute('data-variant') === 'detail' ? 'detail' : 'warning';
  button.textContent = LABELS[variant][excluded ? 1 : 0];
  // The visible label does not name the column; the warnings list holds many such buttons.
  button.setAttribute('aria-label', excluded ? `Include ${column} in training again` : `Exclude ${column} from training`);
  button.title = excluded ? `Put ${column} back into the next run` : `Leave ${column} out of the next run`;
  button.classList.toggle('is-excluded', excluded);
}
