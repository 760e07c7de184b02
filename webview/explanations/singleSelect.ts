/**
 * A `<vscode-single-select>` built from data: option labels are text nodes, values attributes.
 * The entry point registers the element; under a test DOM it stays a plain element whose `value`
 * the test sets before dispatching `change`.
 */
import { h } from '../shared/dom';

/** A `<vscode-single-select>` of `options` (value, label) with `selected` chosen. */
export function singleSelect(label: string, options: readonly { value: string; label: string }[], selected: string, onChange: (value: string) => void): HTMLElement {
  const select: HTMLElement & { value?: string } = h('vscode-single-select', {
    class: 'select',
    attrs: { 'aria-label': label },
    on: { change: () => onChange(select.value ?? '') },
  }, ...options.map((option) => h('vscode-option', { attrs: { value: option.value, selected: option.value === selected } }, option.label)));
  return select;
}
