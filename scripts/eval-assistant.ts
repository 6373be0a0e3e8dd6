/** `npm run eval:assistant`: top-1 / top-3 accuracy of the FAQ retrieval on the labelled questions. */
import { FaqIndex } from '../src/assistant/retrieval';
import { demoFaqDocuments, evaluateRetrieval } from '../src/assistant/eval/evaluate';

const index = new FaqIndex(demoFaqDocuments());
const r = evaluateRetrieval(index);
const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`;
console.log(`FAQ entries: ${index.size}; labelled questions: ${r.answerable} answerable + ${r.unanswerable} out of scope`);
console.log(`top-1 accuracy: ${pct(r.top1, r.answerable)} (${r.top1}/${r.answerable})`);
console.log(`top-3 accuracy: ${pct(r.top3, r.answerable)} (${r.top3}/${r.answerable})`);
console.log(`answered from the FAQ with confidence (right entry): ${pct(r.confidentRight, r.answerable)}`);
console.log(`out-of-scope questions refused: ${pct(r.rejected, r.unanswerable)} (${r.rejected}/${r.unanswerable})`);
if (r.misses.length) {
  console.log('\nmisses (not in top 3):');
  for (const m of r.misses) console.log(`  - "${m.question}" → expected "${m.expected}", got ${JSON.stringify(m.got)}`);
}
