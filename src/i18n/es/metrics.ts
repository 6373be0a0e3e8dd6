/** Indicators, dashboards, reports and the satisfaction survey (Spanish, the default). */
export const metrics = {
  'metrics.field.date': 'Use una fecha AAAA-MM-DD o una marca de tiempo ISO; el inicio debe ser anterior al fin (máximo 10 años).',
  'metrics.field.month': 'Use un mes con la forma AAAA-MM.',
  // Satisfaction survey on the tracking page.
  'survey.title': '¿Cómo le atendimos?',
  'survey.intro': 'Su opinión nos ayuda a mejorar. Responder toma menos de un minuto y solo se puede hacer una vez.',
  'survey.question': 'Califique la atención que recibió',
  'survey.score.1': 'Muy insatisfecho',
  'survey.score.2': 'Insatisfecho',
  'survey.score.3': 'Regular',
  'survey.score.4': 'Satisfecho',
  'survey.score.5': 'Muy satisfecho',
  'survey.comment': 'Comentario (opcional)',
  'survey.commentHelp': 'No escriba su DNI ni su teléfono.',
  'survey.submit': 'Enviar calificación',
  'survey.thanksTitle': '¡Gracias por su respuesta!',
  'survey.given': 'Su calificación: {score} de 5 ({label}).',
  'survey.field.score': 'Elija una calificación del 1 al 5.',
} as const;
