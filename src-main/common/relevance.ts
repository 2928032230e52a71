// Relevance in words, for the window and the terminal alike: bands over the calibrated probability that a passage
// answers the question (core/search/relevance.ts).
export type RelevanceBand = 'strong' | 'partial' | 'weak';

export function relevanceBand(p: number): RelevanceBand {
  return p >= 0.6 ? 'strong' : p >= 0.3 ? 'partial' : 'weak';
}

export const BAND_LABEL: Record<RelevanceBand, string> = { strong: 'Strong match', partial: 'Partial match', weak: 'Weak match' };
