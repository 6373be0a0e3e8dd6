/**
 * What the public lookup shows: enough for people to recognise themselves and no more —
 * first names in full, surnames as initials ("Juan Carlos P. R.").
 */
export function displayName(firstName: string, lastName: string): string {
  const first = firstName.trim().split(/\s+/).filter(Boolean).map(capitalize).join(' ');
  const initials = lastName
    .trim()
    .split(/\s+/)
    .filter((part) => part.length > 0 && !/^(de|del|la|las|los|y)$/i.test(part))
    .map((part) => `${part.charAt(0).toLocaleUpperCase('es')}.`)
    .join(' ');
  return initials ? `${first} ${initials}` : first;
}

function capitalize(word: string): string {
  const lower = word.toLocaleLowerCase('es');
  return lower.charAt(0).toLocaleUpperCase('es') + lower.slice(1);
}
