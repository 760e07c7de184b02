import type { MonitorReference } from './types';

/**
 * The compact copy of a reference that the exported module and the prediction service carry:
 * everything but the row sample (statistics only, a few kilobytes).
 */
export function compactReference(reference: MonitorReference): MonitorReference {
  const { sample: _sample, ...compact } = reference;
  return compact;
}
