/** Major incidents, the staff side (issue 19): suggestions, their notices, the staff pages. */
export const incidentStaff = {
  'tg.suggestion': '⚠️ Posible incidente: {count} tickets de {category} en {offices} desde las {time}.',
  'tg.suggestionAction': 'Revíselo y declárelo desde la cola: {url}',
  'tg.openQueue': 'Abrir la cola',
  'panel.suggestion': 'Posible incidente: varios tickets de {category}',
  'suggestion.offices.more': '{first} y {count} oficinas más',
  'suggestion.offices.two': '{first} y {second}',
};
