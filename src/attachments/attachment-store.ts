/**
 * The one module that touches attachment files. Files live under ATTACHMENTS_DIR, named by the
 * SHA-256 of their content (`ab/abcdef…`), outside every static route; they are read only through
 * `GET /tickets/{code}/attachments/{id}`, which checks who may see the ticket.
 *
 * Nothing half-written is ever visible: an upload streams into `.incoming/` and appears under its
 * hash only once complete (a hard link, atomic; an interrupted upload leaves just its temporary
 * file, deleted at once or, after a crash, by the daily purge). Rows and files agree by one rule:
 * a file is placed after (and again after) its row is written, and removed only when no row
 * names its hash any more — so a purge racing an upload of the same bytes cannot lose the file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { link, mkdir, readdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const HASH_RE = /^[0-9a-f]{64}$/;
const INCOMING = '.incoming';

/** A file being received, or processed and ready to be placed under its hash. */
export interface IncomingFile {
  path: string;
  bytes: number;
}

/** Thrown when a stream goes past the size limit; the caller maps it to 413. */
export class FileTooLarge extends Error {
  constructor() {
    super('file too large');
  }
}

export class AttachmentStore {
  constructor(readonly dir: string) {}

  private incomingDir(): string {
    return join(this.dir, INCOMING);
  }

  private pathOf(sha256: string): string {
    if (!HASH_RE.test(sha256)) throw new Error('not a SHA-256 hex digest');
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  private async tempPath(): Promise<string> {
    await mkdir(this.incomingDir(), { recursive: true });
    return join(this.incomingDir(), `${Date.now()}-${randomBytes(8).toString('hex')}`);
  }

  /**
   * Streams `source` into a temporary file, stopping with `FileTooLarge` past `maxBytes`. On any
   * failure (too large, the client went away halfway) the temporary file is gone before this throws.
   */
  async receive(source: Readable, maxBytes: number): Promise<IncomingFile> {
    const path = await this.tempPath();
    let bytes = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > maxBytes) done(new FileTooLarge());
        else done(null, chunk);
      },
    });
    try {
      await pipeline(source, limit, createWriteStream(path, { flags: 'wx' }));
      // busboy ends a part early, without an error, when its own fileSize limit is hit.
      if ((source as Readable & { truncated?: boolean }).truncated) throw new FileTooLarge();
      return { path, bytes };
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
  }

  /** Writes processed bytes (a re-encoded image) to a temporary file. */
  async writeTemp(content: Buffer): Promise<IncomingFile> {
    const path = await this.tempPath();
    await writeFile(path, content, { flag: 'wx' });
    return { path, bytes: content.length };
  }

  /** The SHA-256 of a file's content. */
  async hashOf(path: string): Promise<string> {
    const hash = createHash('sha256');
    await pipeline(createReadStream(path), hash);
    return hash.digest('hex');
  }

  /** Makes a complete temporary file visible under its hash; already there (same bytes) is fine. */
  async place(temp: IncomingFile, sha256: string): Promise<void> {
    const target = this.pathOf(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    await link(temp.path, target).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  }

  async discard(temp: IncomingFile): Promise<void> {
    await rm(temp.path, { force: true });
  }

  async has(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  open(sha256: string): ReadStream {
    return createReadStream(this.pathOf(sha256));
  }

  /** Deletes a stored file; call only when no row names `sha256` any more. */
  async remove(sha256: string): Promise<void> {
    await unlink(this.pathOf(sha256)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  /** Deletes temporary files older than `olderThanMs` (left by a crash mid-upload); returns how many. */
  async sweepIncoming(now: number, olderThanMs: number): Promise<number> {
    const names = await readdir(this.incomingDir()).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const path = join(this.incomingDir(), name);
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > olderThanMs) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** The hash of every stored file, for the backup. */
  async list(): Promise<string[]> {
    const out: string[] = [];
    const shards = await readdir(this.dir).catch(() => [] as string[]);
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of await readdir(join(this.dir, shard))) if (HASH_RE.test(name)) out.push(name);
    }
    return out.sort();
  }
}
