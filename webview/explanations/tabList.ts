/**
 * A tab strip following the WAI-ARIA tabs pattern with automatic activation: buttons with
 * `role="tab"` in a `role="tablist"`, one tab stop (the selected tab), arrow keys, Home and End
 * move between tabs and select them. The panel it controls belongs to the caller.
 */
import { h } from '../shared/dom';

export interface TabDefinition<Id extends string> {
  readonly id: Id;
  readonly label: string;
}

export class TabList<Id extends string> {
  readonly element: HTMLElement;
  private readonly buttons = new Map<Id, HTMLButtonElement>();

  constructor(
    private readonly tabs: readonly TabDefinition<Id>[],
    private active: Id,
    /** The id of the panel element the tabs control. */
    panelId: string,
    label: string,
    private readonly onSelect: (id: Id) => void,
  ) {
    this.element = h('div', {
      class: 'tablist',
      attrs: { role: 'tablist', 'aria-label': label },
      on: { keydown: (event) => this.onKeyDown(event) },
    });
    for (const tab of tabs) {
      const button = h('button', {
        class: 'tab',
        attrs: { type: 'button', role: 'tab', id: tabId(tab.id), 'aria-controls': panelId, 'data-tab': tab.id },
        on: { click: () => this.select(tab.id, false) },
      }, tab.label);
      this.buttons.set(tab.id, button);
      this.element.append(button);
    }
    this.mark();
  }

  /** The selected tab. */
  get selected(): Id {
    return this.active;
  }

  /** Marks `id` selected (without telling the owner: it asked for it). */
  setSelected(id: Id): void {
    this.active = id;
    this.mark();
  }

  private select(id: Id, focus: boolean): void {
    if (focus) this.buttons.get(id)?.focus();
    if (id === this.active) return;
    this.setSelected(id);
    this.onSelect(id);
  }

  private mark(): void {
    for (const [id, button] of this.buttons) {
      const selected = id === this.active;
      button.setAttribute('aria-selected', String(selected));
      button.setAttribute('tabindex', selected ? '0' : '-1');
      button.classList.toggle('selected', selected);
    }
  }

  private onKeyDown(event: KeyboardEvent): void {
    const index = this.tabs.findIndex((t) => t.id === this.active);
    const last = this.tabs.length - 1;
    const next: Record<string, number> = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    };
    const target = next[event.key];
    if (target === undefined) return;
    event.preventDefault();
    this.select(this.tabs[target].id, true);
  }
}

/** The element id of a tab's button. */
export function tabId(id: string): string {
  return `tab-${id}`;
}
