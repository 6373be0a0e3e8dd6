/**
 * RFC 4515 escaping of a value put into an LDAP search filter, so a username such as
 * `*)(uid=*` matches only itself and cannot widen the search. One pass over the input.
 */
export function escapeFilterValue(value: string): string {
  let out = '';
  for (const ch of value) {
    switch (ch) {
      case '\\':
        out += '\\5c';
        break;
      case '*':
        out += '\\2a';
        break;
      case '(':
        out += '\\28';
        break;
      case ')':
        out += '\\29';
        break;
      case '\0':
        out += '\\00';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

/** The configured filter with every `{username}` replaced by the escaped username. */
export function userFilterFor(template: string, username: string): string {
  return template.split('{username}').join(escapeFilterValue(username));
}

/** DNs compared as a directory would: case and the spaces after commas do not matter. */
export function sameDn(a: string, b: string): boolean {
  const norm = (dn: string) =>
    dn
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .join(',');
  return norm(a) === norm(b);
}
