/** Demo FAQ entries (Spanish), loaded by `seedDemo`. Filled by the assistant work (issue 5). */
export interface DemoFaq {
  question: string;
  /** Markdown. */
  answer: string;
  keywords: string;
  /** Name of a demo category, or null. */
  category: string | null;
}

export const DEMO_FAQS: DemoFaq[] = [];
