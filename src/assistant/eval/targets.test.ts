import { describe, expect, it } from 'vitest';
import { KINDS, type SetReport } from './conversation-eval';
import { unmetTargets } from './targets';

function report(over: Partial<SetReport> = {}): SetReport {
  const byKind = Object.fromEntries(KINDS.map((k) => [k, { total: 10, right: 10 }])) as SetReport['byKind'];
  return {
    name: 'x',
    faqs: 1,
    total: 50,
    right: 50,
    byKind,
    byTag: {},
    escalation: { truePositives: 10, falsePositives: 0, falseNegatives: 0 },
    docsRecall: { total: 20, found: 20 },
    misses: [],
    ...over,
  };
}

describe("issue 15's targets", () => {
  it('are met by a perfect set, and at the exact thresholds', () => {
    expect(unmetTargets(report())).toEqual([]);
    const atEdge = report({ total: 10, right: 9, escalation: { truePositives: 9, falsePositives: 1, falseNegatives: 1 }, docsRecall: { total: 20, found: 19 } });
    atEdge.byKind.closing = { total: 5, right: 4 };
    expect(unmetTargets(atEdge)).toEqual([]);
  });

  it('name every unmet one: overall, a kind, escalation precision and recall, the documentation', () => {
    const r = report({ total: 63, right: 52, escalation: { truePositives: 10, falsePositives: 2, falseNegatives: 2 }, docsRecall: { total: 48, found: 45 } });
    r.byKind.out_of_scope = { total: 5, right: 3 };
    expect(unmetTargets(r)).toEqual([
      'right answers 82.5 % < 90.0 %',
      'out_of_scope 60.0 % < 80.0 %',
      'escalation precision 83.3 % < 90.0 %',
      'escalation recall 83.3 % < 90.0 %',
      'right entry sent to the model 93.8 % < 95.0 %',
    ]);
  });

  it('skip a kind the set has no question of, and hold injection to the overall figure only', () => {
    const r = report();
    r.byKind.closing = { total: 0, right: 0 };
    r.byKind.injection = { total: 2, right: 1 };
    expect(unmetTargets(r)).toEqual([]);
  });
});
