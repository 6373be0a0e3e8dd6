/**
 * The satisfaction survey on the tracking page of a resolved ticket: 1–5 and an optional
 * comment, once. A plain form (radio buttons styled as a row of buttons), so it works without
 * JavaScript; after answering, the page thanks the person and shows the score they gave.
 */
import type { MessageKey } from '../../../i18n';
import { surveyState, SURVEY_COMMENT_MAX } from '../../../tickets/commands/submit-survey';
import type { SurveyAnswer } from '../../../tickets/surveys.repository';
import type { PageContext } from '../../render';
import type { TrackingExtra } from './extras';

const SCORE_LABELS: Record<number, MessageKey> = {
  1: 'survey.score.1',
  2: 'survey.score.2',
  3: 'survey.score.3',
  4: 'survey.score.4',
  5: 'survey.score.5',
};

export interface SurveySectionProps {
  page: PageContext;
  code: string;
  answer: SurveyAnswer | null;
  /** `?encuesta=` after the form was posted. */
  outcome?: string;
}

export function SurveySection({ page, code, answer, outcome }: SurveySectionProps) {
  const { t } = page;
  if (answer) {
    return (
      <section id="encuesta" class="card card-body shadow-sm mt-4 survey" aria-labelledby="survey-title" tabIndex={-1}>
        <h2 id="survey-title" class="h5">
          {t('survey.thanksTitle')}
        </h2>
        <p class="mb-0" role="status">
          {t('survey.given', { score: answer.score, label: t(SCORE_LABELS[answer.score] ?? 'survey.score.3') })}
        </p>
      </section>
    );
  }
  const invalid = outcome === 'invalida';
  return (
    <section id="encuesta" class="card card-body shadow-sm mt-4 survey" aria-labelledby="survey-title" tabIndex={-1}>
      <h2 id="survey-title" class="h5">
        {t('survey.title')}
      </h2>
      <p class="text-secondary">{t('survey.intro')}</p>
      {invalid && (
        <div class="alert alert-danger" role="alert" id="survey-error">
          {t('survey.field.score')}
        </div>
      )}
      <form method="post" action={`/t/${code}/encuesta`}>
        <fieldset aria-describedby={invalid ? 'survey-error' : undefined}>
          <legend class="form-label fw-semibold fs-6">{t('survey.question')}</legend>
          <div class="survey-scale d-flex flex-wrap gap-2">
            {[1, 2, 3, 4, 5].map((score) => (
              <span>
                <input type="radio" class="btn-check" name="score" id={`score-${score}`} value={String(score)} required autoComplete="off" />
                <label class="btn btn-outline-primary" for={`score-${score}`}>
                  <span class="fw-bold">{score}</span> · {t(SCORE_LABELS[score]!)}
                </label>
              </span>
            ))}
          </div>
        </fieldset>
        <label class="form-label mt-3" for="survey-comment">
          {t('survey.comment')}
        </label>
        <textarea id="survey-comment" name="comment" class="form-control" rows={3} maxLength={SURVEY_COMMENT_MAX} aria-describedby="survey-comment-help" />
        <div id="survey-comment-help" class="form-text">
          {t('survey.commentHelp')}
        </div>
        <button type="submit" class="btn btn-primary mt-3">
          {t('survey.submit')}
        </button>
      </form>
    </section>
  );
}

/** The tracking page's survey slot: only for resolved tickets. */
export const surveyExtra: TrackingExtra = {
  async render({ page, ctx, request, ticket }) {
    if (ticket.status !== 'resolved') return null;
    const state = await surveyState(ctx.database.db, ticket.code);
    if (!state) return null;
    const outcome = (request.query as { encuesta?: string } | undefined)?.encuesta;
    return <SurveySection page={page} code={ticket.code} answer={state.answer} outcome={outcome} />;
  },
};
