/**
 * The names the sanitizer masks, kept per process: the staff directory and the staff users,
 * rebuilt whenever their fingerprint moves. The fingerprint is read on every question (two
 * aggregate queries on small tables), so a person imported a moment ago — through this instance
 * or another — is masked at once; the matcher itself is rebuilt only when something changed.
 */
import type { Executor } from '../db/database';
import { buildNameMatcher, type PersonName } from './name-matcher';
import type { NameMatcher } from './sanitizer';
import { listStaffNames, listUserFullNames, staffNamesFingerprint } from './staff-names.repository';

export { buildNameMatcher, type PersonName };

export class DirectoryNames {
  private matcher: NameMatcher | null = null;
  private fingerprint = '';
  private loading: Promise<NameMatcher> | null = null;

  async get(db: Executor): Promise<NameMatcher> {
    const fingerprint = await staffNamesFingerprint(db);
    if (this.matcher && fingerprint === this.fingerprint) return this.matcher;
    this.loading ??= Promise.all([listStaffNames(db), listUserFullNames(db)])
      .then(([people, users]) => {
        this.matcher = buildNameMatcher(people, users);
        this.fingerprint = fingerprint;
        return this.matcher;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  /** Forget the snapshot (in tests). */
  invalidate(): void {
    this.matcher = null;
  }
}
