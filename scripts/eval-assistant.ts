/**
 * `npm run eval:assistant`: the assistant measured in FAQ-only mode on eleven sets — development
 * (tuned on), six held-out parts (committed before the code ran on them; the second to fifth seen since
 * 2026-12-03, the sixth unseen) and a second to a fifth FAQ written by others — each checked against issue 15's targets, plus what the model would get in LLM mode, personal data that would leak, and how long
 * the sanitizer takes on adversarial input.
 */
import { FaqIndex, type SemanticCandidate } from '../src/assistant/retrieval';
import { EVAL_SETS, evaluateSet, KINDS, SET_STATUS, type EvalItem, type SetReport } from '../src/assistant/eval/conversation-eval';
import { withoutPlaceholders } from '../src/assistant/conversation';
import { faqText } from '../src/assistant/faq-vectors';
import { cosine, createEmbeddingsClient, type EmbeddingsClient } from '../src/assistant/llm/embeddings-client';
import { startFakeOpenRouter } from '../test/fakes/fake-openrouter';
import { sanitize } from '../src/assistant/sanitizer';
import { buildNameMatcher } from '../src/assistant/directory-names';
import { leaks, PLANTED_MESSAGES, PLANTED_STAFF, PLANTED_USERS } from '../src/assistant/fixtures/pii-messages';
import { ADVERSARIAL_BLOCKS } from '../src/assistant/fixtures/adversarial-blocks';
import { unmetTargets } from '../src/assistant/eval/targets';

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}% (${n}/${d})` : 'n/a');
const verbose = process.argv.includes('--misses');
/**
 * `--rerank`: also measure with the embeddings rerank, against `OPENROUTER_BASE_URL` with
 * `OPENROUTER_API_KEY` and `EMBEDDINGS_MODEL` (e.g. an on-premise Ollama). `--rerank=fake`: against
 * the test fake, whose vectors are a hashed bag of words — a check of the plumbing, not of quality.
 */
const rerankArg = process.argv.find((a) => a === '--rerank' || a.startsWith('--rerank='));

function print(r: SetReport, status?: string): void {
  console.log(`\n## ${r.name} — ${r.faqs} FAQ entries, ${r.total} questions`);
  if (status) console.log(`(${status})`);
  console.log(`right answers: ${pct(r.right, r.total)}`);
  for (const k of KINDS) if (r.byKind[k].total) console.log(`  ${k.padEnd(13)} ${pct(r.byKind[k].right, r.byKind[k].total)}`);
  const tags = Object.entries(r.byTag);
  if (tags.length) console.log(`  by form: ${tags.map(([t, v]) => `${t} ${pct(v.right, v.total)}`).join(', ')}`);
  const e = r.escalation;
  console.log(`escalation (ticket offered): precision ${pct(e.truePositives, e.truePositives + e.falsePositives)}, recall ${pct(e.truePositives, e.truePositives + e.falseNegatives)}`);
  console.log(`LLM mode, right entry among the documentation sent: ${pct(r.docsRecall.found, r.docsRecall.total)}`);
  const unmet = unmetTargets(r);
  console.log(unmet.length ? `issue 15 targets NOT met: ${unmet.join('; ')}` : 'issue 15 targets: all met');
  if (verbose) for (const m of r.misses) console.log(`  miss [${m.kind}] "${m.question}" → ${m.got} (want ${m.expected ?? '—'})`);
}

async function embedAll(client: EmbeddingsClient, texts: string[]): Promise<number[][]> {
  const out: number[][] = [];
  for (let i = 0; i < texts.length; i += 32) {
    const got = await client.embed(texts.slice(i, i + 32), 60_000);
    if (!got) throw new Error('el servicio de embeddings no respondió');
    out.push(...got);
  }
  return out;
}

/** The rerank's candidates for every item, computed as the chat does: the sanitized latest message, without placeholders. */
async function semanticCandidates(client: EmbeddingsClient, faqs: ReturnType<(typeof EVAL_SETS)['development']>['faqs'], items: EvalItem[]) {
  const docVectors = await embedAll(client, faqs.map(faqText));
  const queries = items.map((it) => withoutPlaceholders(sanitize(it.question, buildNameMatcher([], []))).trim() || '-');
  const queryVectors = await embedAll(client, queries);
  const byItem = new Map<EvalItem, SemanticCandidate[]>();
  items.forEach((it, i) => {
    const scored = faqs.map((faq, j) => ({ faq, similarity: cosine(queryVectors[i]!, docVectors[j]!) }));
    byItem.set(it, scored.sort((a, b) => b.similarity - a.similarity).slice(0, 5));
  });
  return (item: EvalItem) => byItem.get(item) ?? [];
}

let rerank: { client: EmbeddingsClient; label: string; close(): Promise<void> } | null = null;
if (rerankArg === '--rerank=fake') {
  const fake = await startFakeOpenRouter();
  rerank = {
    client: createEmbeddingsClient({ baseUrl: fake.baseUrl, apiKey: 'fake', model: 'fake-hashed-bag-of-words' }),
    label: 'the test fake (hashed bag of words: plumbing only, not semantic)',
    close: () => fake.close(),
  };
} else if (rerankArg) {
  const { OPENROUTER_BASE_URL: baseUrl, OPENROUTER_API_KEY: apiKey, EMBEDDINGS_MODEL: model } = process.env;
  if (!baseUrl || !apiKey || !model) throw new Error('--rerank necesita OPENROUTER_BASE_URL, OPENROUTER_API_KEY y EMBEDDINGS_MODEL');
  rerank = { client: createEmbeddingsClient({ baseUrl, apiKey, model }), label: `${model} at ${baseUrl}`, close: async () => {} };
}

for (const [name, load] of Object.entries(EVAL_SETS)) {
  const { faqs, items } = load();
  const index = new FaqIndex(faqs);
  print(evaluateSet(name, index, faqs, items), SET_STATUS[name as keyof typeof EVAL_SETS]);
  if (rerank) {
    const r = evaluateSet(`${name}, with the embeddings rerank (${rerank.label})`, index, faqs, items, await semanticCandidates(rerank.client, faqs, items));
    print(r);
  }
}
await rerank?.close();

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
