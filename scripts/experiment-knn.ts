/**
 * An experiment, not part of the assistant (2026-12-04, issue 15): nearest neighbours over character
 * 3–5-grams of the labelled questions of the seen sets. `cv`: the kind classifier as an override of
 * `decide`, leave-one-set-out over the seen sets; `entry-cv`: the demo FAQ entry of the nearest labelled
 * paraphrases as a fallback where `decide` gives up (cannot help, unsure); `entry-final <share> <top>`:
 * that fallback, trained on every seen demo-FAQ set, once on held-out 6. Results in docs/assistant-eval.md.
 * Run: `npx tsx scripts/experiment-knn.ts cv|entry-cv|entry-final 0.6 0.2`.
 */
import { FaqIndex } from '../src/assistant/retrieval';
import { EVAL_SETS, isRight, turnsOf, type EvalItem } from '../src/assistant/eval/conversation-eval';
import { decide, type Decision } from '../src/assistant/conversation';

type Coarse = 'it' | 'out_of_scope' | 'closing' | 'injection';
const coarse = (k: EvalItem['kind']): Coarse => (k === 'answerable' || k === 'needs_ticket' ? 'it' : k);
const norm = (t: string) =>
  ' ' +
  t
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9ñ]+/g, ' ')
    .trim() +
  ' ';
function grams(t: string): Map<string, number> {
  const s = norm(t);
  const m = new Map<string, number>();
  for (const n of [3, 4, 5])
    for (let i = 0; i + n <= s.length; i++) {
      const g = s.slice(i, i + n);
      m.set(g, (m.get(g) ?? 0) + 1);
    }
  return m;
}
class Knn {
  idf = new Map<string, number>();
  vecs: Array<{ v: Map<string, number>; label: Coarse }> = [];
  constructor(ex: Array<{ text: string; label: Coarse }>) {
    const df = new Map<string, number>();
    const gs = ex.map((e) => grams(e.text));
    for (const g of gs) for (const k of g.keys()) df.set(k, (df.get(k) ?? 0) + 1);
    for (const [k, d] of df) this.idf.set(k, Math.log((1 + ex.length) / (1 + d)) + 1);
    this.vecs = gs.map((g, i) => ({ v: this.weigh(g), label: ex[i]!.label }));
  }
  weigh(g: Map<string, number>) {
    const v = new Map<string, number>();
    let n = 0;
    for (const [k, c] of g) {
      const w = (1 + Math.log(c)) * (this.idf.get(k) ?? Math.log(1 + this.vecs.length) + 1);
      v.set(k, w);
      n += w * w;
    }
    n = Math.sqrt(n) || 1;
    for (const [k, w] of v) v.set(k, w / n);
    return v;
  }
  vote(text: string, k = 7) {
    const q = this.weigh(grams(text));
    const sims = this.vecs
      .map((e) => {
        let s = 0;
        for (const [g, w] of q) {
          const o = e.v.get(g);
          if (o) s += w * o;
        }
        return { s, label: e.label };
      })
      .sort((a, b) => b.s - a.s)
      .slice(0, k);
    const tot: Record<Coarse, number> = { it: 0, out_of_scope: 0, closing: 0, injection: 0 };
    let sum = 0;
    for (const x of sims) {
      tot[x.label] += x.s;
      sum += x.s;
    }
    const best = (Object.keys(tot) as Coarse[]).sort((a, b) => tot[b] - tot[a])[0]!;
    return { best, share: sum ? tot[best] / sum : 0, top: sims[0]?.s ?? 0 };
  }
}
const coarseOf = (d: Decision): Coarse => (d.kind === 'closing' ? 'closing' : d.kind === 'refusal' ? 'injection' : d.kind === 'out_of_scope' ? 'out_of_scope' : 'it');
function combine(d: Decision, v: ReturnType<Knn['vote']>, th: number, minTop: number): Decision {
  if (v.share < th || v.top < minTop || v.best === coarseOf(d)) return d;
  if (v.best === 'closing') return { kind: 'closing', suggestTicket: false, docs: [] };
  if (v.best === 'injection') return { kind: 'refusal', suggestTicket: false, docs: [] };
  if (v.best === 'out_of_scope') return { kind: 'out_of_scope', suggestTicket: false, docs: [] };
  if (v.best === 'it' && d.kind === 'out_of_scope') return { kind: 'cannot_help', suggestTicket: true, docs: d.docs };
  return d;
}
const seen = ['development', 'heldOut', 'heldOut2', 'heldOut3', 'heldOut4', 'heldOut5', 'secondFaq', 'thirdFaq', 'fourthFaq'] as const;
const unseen = ['heldOut6', 'fifthFaq'] as const;
const data = Object.fromEntries(
  Object.entries(EVAL_SETS).map(([n, l]) => {
    const x = l();
    return [n, { ...x, index: new FaqIndex(x.faqs) }];
  }),
);
const decisions = new Map<string, Decision[]>();
for (const n of Object.keys(data)) {
  const { faqs, items, index } = data[n]!;
  decisions.set(
    n,
    items.map((it) => decide(index, turnsOf(it, faqs))),
  );
}
const examples = (names: readonly string[]) => names.flatMap((n) => data[n]!.items.map((it) => ({ text: it.question, label: coarse(it.kind) })));
function score(n: string, knn: Knn | null, th: number, minTop: number) {
  const { items } = data[n]!;
  const ds = decisions.get(n)!;
  let right = 0;
  items.forEach((it, i) => {
    const d = knn ? combine(ds[i]!, knn.vote(it.question), th, minTop) : ds[i]!;
    if (isRight(it, d)) right++;
  });
  return right;
}
const mode = process.argv[2];
const grid: Array<[number, number]> = [];
for (const th of [0.6, 0.7, 0.8, 0.9, 1.01]) for (const mt of [0.2, 0.3, 0.4, 0.5]) grid.push([th, mt]);
if (mode === 'cv') {
  const cvSets = seen.filter((n) => n !== 'development');
  const models = new Map(cvSets.map((n) => [n, new Knn(examples(seen.filter((m) => m !== n)))]));
  for (const [th, mt] of grid) {
    let base = 0,
      w = 0,
      tot = 0;
    const per: string[] = [];
    for (const n of cvSets) {
      const b = score(n, null, 0, 0),
        r = score(n, models.get(n)!, th, mt);
      base += b;
      w += r;
      tot += data[n]!.items.length;
      per.push(`${n} ${r - b >= 0 ? '+' : ''}${r - b}`);
    }
    console.log(`th=${th} minTop=${mt}: ${base} → ${w} of ${tot}  [${per.join(', ')}]`);
  }
} else if (mode === 'final') {
  const th = Number(process.argv[3]),
    mt = Number(process.argv[4]);
  const knn = new Knn(examples(seen));
  for (const n of unseen) console.log(`${n}: decide alone ${score(n, null, 0, 0)} → with kNN kinds ${score(n, knn, th, mt)} of ${data[n]!.items.length}`);
}
// --- entry kNN: labelled paraphrases of the demo FAQ's entries
class EntryKnn extends Knn {
  entries: string[] = [];
  constructor(ex: Array<{ text: string; entry: string }>) {
    super(ex.map((e) => ({ text: e.text, label: 'it' as Coarse })));
    this.entries = ex.map((e) => e.entry);
  }
  entryVote(text: string, k = 5) {
    const q = this.weigh(grams(text));
    const sims = this.vecs
      .map((e, i) => {
        let s = 0;
        for (const [g, w] of q) {
          const o = e.v.get(g);
          if (o) s += w * o;
        }
        return { s, entry: this.entries[i]! };
      })
      .sort((a, b) => b.s - a.s)
      .slice(0, k);
    const tot = new Map<string, number>();
    let sum = 0;
    for (const x of sims) {
      tot.set(x.entry, (tot.get(x.entry) ?? 0) + x.s);
      sum += x.s;
    }
    const [best, w] = [...tot].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    return { best, share: sum ? w / sum : 0, top: sims[0]?.s ?? 0 };
  }
}
if (mode === 'entry-cv' || mode === 'entry-final') {
  const demo = ['development', 'heldOut', 'heldOut2', 'heldOut3', 'heldOut4', 'heldOut5'];
  const ex = (names: string[]) => names.flatMap((n) => data[n]!.items.filter((it) => it.expected && !it.history?.length).map((it) => ({ text: it.question, entry: it.expected! })));
  const run = (n: string, knn: EntryKnn, th: number, mt: number) => {
    const { items, faqs } = data[n]!;
    const ds = decisions.get(n)!;
    let r0 = 0,
      r1 = 0,
      d0 = 0,
      d1 = 0,
      dt = 0;
    items.forEach((it, i) => {
      const d = ds[i]!;
      if (isRight(it, d)) r0++;
      let e = d;
      if (!it.history?.length && (d.kind === 'cannot_help' || (d.kind === 'out_of_scope' && d.unsure))) {
        const v = knn.entryVote(it.question);
        const faq = faqs.find((f) => f.question === v.best);
        if (faq && v.share >= th && v.top >= mt) e = { kind: 'answer', match: { faq, score: 1 } as never, also: [], suggestTicket: faq.needsTicket, docs: d.docs } as Decision;
      }
      if (isRight(it, e)) r1++;
      if (it.expected) {
        dt++;
        if (d.docs.some((m) => m.faq.question === it.expected)) d0++;
        const v = knn.entryVote(it.question);
        if (d.docs.some((m) => m.faq.question === it.expected) || (v.best === it.expected && v.top >= mt)) d1++;
      }
    });
    return { r0, r1, d0, d1, dt, n: items.length };
  };
  if (mode === 'entry-cv')
    for (const [th, mt] of grid) {
      const out: string[] = [];
      let a = 0,
        b = 0;
      for (const n of demo.filter((x) => x !== 'development')) {
        const r = run(n, new EntryKnn(ex(demo.filter((m) => m !== n))), th, mt);
        a += r.r0;
        b += r.r1;
        out.push(`${n} ${r.r1 - r.r0} docs ${r.d0}→${r.d1}/${r.dt}`);
      }
      console.log(`th=${th} mt=${mt}: ${a} → ${b} [${out.join(', ')}]`);
    }
  else {
    const th = Number(process.argv[3]),
      mt = Number(process.argv[4]);
    const r = run('heldOut6', new EntryKnn(ex(demo)), th, mt);
    console.log('heldOut6', r);
  }
}
