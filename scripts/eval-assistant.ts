/**
 * `npm run eval:assistant`: the assistant measured in FAQ-only mode on three sets — development
 * (tuned on), held-out (committed before the code ran on it) and a second FAQ written in another
 * style — plus what the model would get in LLM mode, personal data that would leak, and how long
 * the sanitizer takes on adversarial input.
 */
import { FaqIndex } from '../src/assistant/retrieval';
import { EVAL_SETS, evaluateSet, KINDS, type SetReport } from '../src/assistant/eval/conversation-eval';
import { sanitize } from '../src/assistant/sanitizer';
import { buildNameMatcher } from '../src/assistant/directory-names';
import { leaks, PLANTED_MESSAGES, PLANTED_STAFF, PLANTED_USERS } from '../src/assistant/fixtures/pii-messages';
import { ADVERSARIAL_BLOCKS } from '../src/assistant/fixtures/adversarial-blocks';

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}% (${n}/${d})` : 'n/a');
const verbose = process.argv.includes('--misses');

function print(r: SetReport): void {
  console.log(`\n## ${r.name} — ${r.faqs} FAQ entries, ${r.total} questions`);
  console.log(`right answers: ${pct(r.right, r.total)}`);
  for (const k of KINDS) if (r.byKind[k].total) console.log(`  ${k.padEnd(13)} ${pct(r.byKind[k].right, r.byKind[k].total)}`);
  const tags = Object.entries(r.byTag);
  if (tags.length) console.log(`  by form: ${tags.map(([t, v]) => `${t} ${pct(v.right, v.total)}`).join(', ')}`);
  const e = r.escalation;
  console.log(`escalation (ticket offered): precision ${pct(e.truePositives, e.truePositives + e.falsePositives)}, recall ${pct(e.truePositives, e.truePositives + e.falseNegatives)}`);
  console.log(`LLM mode, right entry among the documentation sent: ${pct(r.docsRecall.found, r.docsRecall.total)}`);
  if (verbose) for (const m of r.misses) console.log(`  miss [${m.kind}] "${m.question}" → ${m.got} (want ${m.expected ?? '—'})`);
}

for (const [name, load] of Object.entries(EVAL_SETS)) {
  const { faqs, items } = load();
  print(evaluateSet(name, new FaqIndex(faqs), faqs, items));
}

const names = buildNameMatcher(PLANTED_STAFF, PLANTED_USERS);
let planted = 0;
let leaked = 0;
for (const m of PLANTED_MESSAGES) {
  const out = sanitize(m.text, names);
  for (const v of m.planted) {
    planted++;
    if (leaks(out, v)) leaked++;
  }
}
console.log(`\n## personal data\nplanted values that would reach the model: ${leaked} of ${planted} (${PLANTED_MESSAGES.length} messages)`);

sanitize('warm-up 45871236 jperez arroba gmail punto com', names);
let worst = { block: '', ms: 0 };
for (const block of ADVERSARIAL_BLOCKS) {
  const text = block.repeat(Math.ceil(4000 / block.length)).slice(0, 4000);
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const started = performance.now();
    sanitize(text, names);
    runs.push(performance.now() - started);
  }
  const median = runs.sort((a, b) => a - b)[3]!;
  if (median > worst.ms) worst = { block, ms: median };
}
console.log(`sanitizer on 4,000 characters of adversarial input (${ADVERSARIAL_BLOCKS.length} building blocks, median of 7): worst ${worst.ms.toFixed(2)} ms (${JSON.stringify(worst.block)})`);
