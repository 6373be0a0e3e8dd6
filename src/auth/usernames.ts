/** Usernames are compared without case and surrounding spaces: "Admin " signs in as "admin". */
export const normalizeUsername = (username: string): string => username.trim().toLowerCase();

/** Letters, digits, dot, dash and underscore; 3 to 60 characters. */
export const USERNAME_PATTERN = '^[a-z0-9._-]{3,60}$';
export const MIN_PASSWORD_LENGTH = 8;
