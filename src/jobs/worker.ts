/**
 * The outbox worker: claims due jobs, runs their handlers, retries failures with exponential
 * backoff and jitter (or after the `retry_after` the remote side asked for), and parks a job
 * after its last attempt. Safe to run in several processes at once (see `claimDueJobs`).
 * `stop()` lets running jobs finish for a grace period and gives back the rest.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Database, Executor } from '../db/database';
import type { Clock } from '../core/context';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './backoff';
import { PermanentJobError, RetryAfterError } from './job-errors';
import { extendJobLock, claimDueJobs, completeJob, listRunningHolders, nextDueAt, parkJob, releaseJobs, releaseJobsOfHolder, rescheduleJob, type ClaimedJob } from './jobs.repository';
import { onJobsAnnounced } from './wake';
import type { JobPayloads, JobType } from './job-types';

export interface JobContext {
  job: ClaimedJob;
  workerId: string;
  /**
   * Marks the job done inside the handler's own transaction, so work that only touches the
   * database happens exactly once even if the process dies right after committing it.
   */
  complete(trx: Executor): Promise<void>;
  /** Aborted when the worker stops and the grace period is over. */
  signal: AbortSignal;
}

export interface JobHandler<P = any> {
  run(payload: P, ctx: JobContext): Promise<void>;
  /** Backoff between attempts; the number of attempts is the job row's `max_attempts`. */
  retry?: RetryPolicy;
  /** Called once when the job is parked (last attempt failed, or a permanent failure). */
  onParked?(payload: P, error: Error): Promise<void>;
}

/** Job type → its handler, each getting its own payload type (`job-types.ts`). */
export type JobHandlers = { [T in JobType]?: JobHandler<JobPayloads[T]> };

/** An area's handler map: one handler for each of the types `T` it owns, none missing. */
export type HandlersOf<T extends JobType> = { [K in T]: JobHandler<JobPayloads[K]> };

export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerOptions {
  database: Database;
  clock: Clock;
  handlers: JobHandlers;
  /** Fallback poll for jobs committed by other processes. */
  pollIntervalMs?: number;
  /** How long a claim lasts; a job whose holder died is claimed again after it. */
  lockMs?: number;
  /** Jobs run at the same time by this worker. */
  concurrency?: number;
  /** Replaces every handler's backoff (tests use short delays). */
  retryOverride?: RetryPolicy;
  /** Called when a job is parked (the admin is told). */
  onParked?(job: ClaimedJob, error: Error): Promise<void>;
  log?: WorkerLog;
  random?: () => number;
  /**
   * True while the process has user requests to serve (the in-process worker of a web server):
   * the worker then claims at most once per `busyClaimIntervalMs`, so a burst of filings is
   * answered first and the outbox catches up right after. Jobs are delayed, never dropped.
   */
  yieldWhile?: () => boolean;
  busyClaimIntervalMs?: number;
}

const silentLog: WorkerLog = { info() {}, warn() {}, error() {} };

/** One id per process start: tells this process's holders apart from those of a dead one with the same pid. */
const processBoot = randomBytes(4).toString('hex');
let workerCount = 0;

class LockLostError extends Error {
  constructor() {
    super('the job was released or claimed by another worker meanwhile');
  }
}

export class Worker {
  readonly id: string;
  private readonly o: Required<Omit<WorkerOptions, 'retryOverride' | 'onParked' | 'yieldWhile'>> & Pick<WorkerOptions, 'retryOverride' | 'onParked' | 'yieldWhile'>;
  private lastClaimAt = -Infinity;
  private readonly inflight = new Map<number, Promise<void>>();
  private readonly abort = new AbortController();
  private running = false;
  private stopping = false;
  private loopDone: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private pendingWake = false;
  private unsubscribe: (() => void) | null = null;

  constructor(options: WorkerOptions) {
    this.o = {
      pollIntervalMs: 1000,
      lockMs: 60_000,
      concurrency: 4,
      busyClaimIntervalMs: 100,
      log: silentLog,
      random: Math.random,
      ...options,
    };
    this.id = `${hostname()}:${process.pid}:${processBoot}:${++workerCount}`;
  }

  /** Starts the loop (after giving back the jobs a dead process on this host was holding). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.recoverOrphans().catch((err: unknown) => this.o.log.warn({ err: errorText(err) }, 'no se pudieron recuperar trabajos huérfanos'));
    this.unsubscribe = onJobsAnnounced(this.o.database, () => this.wake());
    this.loopDone = this.loop();
  }

  /** Look for due jobs now (a commit in this process just wrote one). */
  wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  /**
   * Stops claiming, lets running jobs finish for `graceMs`, then gives back those still running
   * (pending again, attempt not counted) so another worker takes them at once.
   */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running || this.stopping) return;
    this.stopping = true;
    this.unsubscribe?.();
    this.wake();
    await this.loopDone;
    const finished = Promise.allSettled([...this.inflight.values()]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([finished.then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      const ids = [...this.inflight.keys()];
      this.abort.abort();
      const released = await releaseJobs(this.o.database.db, this.id, this.o.clock(), ids).catch(() => 0);
      this.o.log.info({ released }, 'trabajos devueltos a la cola al detenerse');
    }
    this.running = false;
  }

  /** Runs every job that is due now, and those they enqueue, until none is left (tests, CLI). */
  async drain(maxRounds = 1000): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const jobs = await claimDueJobs(this.o.database.db, this.o.database.dialect, {
        workerId: this.id,
        now: this.o.clock(),
        lockMs: this.o.lockMs,
        limit: this.o.concurrency,
      });
      if (!jobs.length) return total;
      total += jobs.length;
      await Promise.all(jobs.map((job) => this.execute(job)));
    }
    return total;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let claimedAll = false;
      const free = this.o.concurrency - this.inflight.size;
      if (free > 0 && this.o.yieldWhile?.()) {
        const wait = this.lastClaimAt + this.o.busyClaimIntervalMs - performance.now();
        if (wait > 0) {
          await this.pause(wait);
          continue;
        }
      }
      if (free > 0) {
        this.lastClaimAt = performance.now();
        try {
          this.pendingWake = false;
          const jobs = await claimDueJobs(this.o.database.db, this.o.database.dialect, {
            workerId: this.id,
            now: this.o.clock(),
            lockMs: this.o.lockMs,
            limit: free,
          });
          for (const job of jobs) {
            const run = this.execute(job).finally(() => {
              this.inflight.delete(job.id);
              this.wake();
            });
            this.inflight.set(job.id, run);
          }
          claimedAll = jobs.length === free;
        } catch (err) {
          this.o.log.warn({ err: errorText(err) }, 'no se pudieron reclamar trabajos');
        }
      }
      if (this.stopping) break;
      const hasRoom = this.inflight.size < this.o.concurrency;
      if (hasRoom && (claimedAll || this.pendingWake)) {
        // On SQLite every query resolves as a microtask: yield so timers and sockets still run.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      await this.sleep(await this.sleepMs());
    }
  }

  private async sleepMs(): Promise<number> {
    if (this.inflight.size >= this.o.concurrency) return this.o.pollIntervalMs;
    const next = await nextDueAt(this.o.database.db).catch(() => null);
    if (next === null) return this.o.pollIntervalMs;
    return Math.max(0, Math.min(this.o.pollIntervalMs, next - this.o.clock()));
  }

  /** Until `ms` pass (new jobs do not cut it short), or until the worker stops. */
  private pause(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = { run: () => resolve() };
      const onWake = () => {
        if (this.stopping) finish.run();
      };
      const timer = setTimeout(() => finish.run(), ms);
      finish.run = () => {
        clearTimeout(timer);
        if (this.wakeUp === onWake) this.wakeUp = null;
        resolve();
      };
      this.wakeUp = onWake;
    });
  }

  /** Until `ms` pass, or a wake-up: a commit announced a job, or a running job finished. */
  private sleep(ms: number): Promise<void> {
    if (this.stopping || (this.pendingWake && this.inflight.size < this.o.concurrency)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const { db } = this.o.database;
    const handler = this.o.handlers[job.type as JobType] as JobHandler | undefined;
    let completedInHandler = false;
    // A handler may take longer than the lock (a slow Telegram, a long purge): while it runs the
    // lock is extended, so no other worker takes the job as abandoned and runs it a second time.
    let settled = false;
    const heartbeat = setInterval(
      () => {
        extendJobLock(db, job.id, this.id, this.o.lockMs).then(
          (held) => held || settled || this.o.log.warn({ jobId: job.id, type: job.type }, 'el trabajo ya no es de este proceso'),
          (err: unknown) => this.o.log.warn({ jobId: job.id, err: errorText(err) }, 'no se pudo extender el bloqueo de un trabajo'),
        );
      },
      Math.max(10, Math.floor(this.o.lockMs / 3)),
    );
    heartbeat.unref();
    try {
      if (!handler) throw new PermanentJobError(`no hay manejador para el tipo de trabajo "${job.type}"`);
      await handler.run(job.payload, {
        job,
        workerId: this.id,
        signal: this.abort.signal,
        complete: async (trx) => {
          if (!(await completeJob(trx, job.id, this.id, this.o.clock()))) throw new LockLostError();
          completedInHandler = true;
          settled = true;
        },
      });
      settled = true;
      clearInterval(heartbeat);
      if (!completedInHandler) await completeJob(db, job.id, this.id, this.o.clock());
    } catch (err) {
      settled = true;
      clearInterval(heartbeat);
      await this.failed(job, handler, err instanceof Error ? err : new Error(String(err))).catch((e: unknown) =>
        this.o.log.error({ jobId: job.id, err: errorText(e) }, 'no se pudo registrar el fallo de un trabajo'),
      );
    }
  }

  private async failed(job: ClaimedJob, handler: JobHandler | undefined, error: Error): Promise<void> {
    const { db } = this.o.database;
    const now = this.o.clock();
    if (error instanceof LockLostError) return;
    if (error instanceof RetryAfterError) {
      const jitter = Math.round(this.o.random() * 250);
      await rescheduleJob(db, job.id, this.id, { runAt: now + error.retryAfterMs + jitter, error: error.message, refundAttempt: true, now });
      this.o.log.info({ jobId: job.id, type: job.type, retryAfterMs: error.retryAfterMs }, 'trabajo pospuesto a pedido del servicio remoto');
      return;
    }
    const permanent = error instanceof PermanentJobError;
    if (permanent || job.attempts >= job.maxAttempts) {
      if (await parkJob(db, job.id, this.id, error.message, now)) {
        this.o.log.warn({ jobId: job.id, type: job.type, attempts: job.attempts, err: error.message }, 'trabajo detenido tras fallar');
        await handler?.onParked?.(job.payload, error);
        await this.o.onParked?.(job, error);
      }
      return;
    }
    const policy = this.o.retryOverride ?? handler?.retry ?? DEFAULT_RETRY;
    const delay = backoffDelay(job.attempts, policy, this.o.random);
    await rescheduleJob(db, job.id, this.id, { runAt: now + delay, error: error.message, refundAttempt: false, now });
    this.o.log.info({ jobId: job.id, type: job.type, attempt: job.attempts, delayMs: delay, err: error.message }, 'trabajo reintentará');
  }

  /**
   * After a crash (SIGKILL, power cut) the jobs the dead process held stay locked until their
   * lock expires. A holder from this same host whose process is gone cannot be working on
   * them, so they are given back at once. Holders are `host:pid:boot:n`; a holder with this
   * process's own pid but another boot id is a previous life of this process (a container
   * restarted as pid 1). This assumes instances on one host have distinct host names, as
   * containers do unless given the same `hostname` on purpose.
   */
  private async recoverOrphans(): Promise<void> {
    const { db } = this.o.database;
    for (const holder of await listRunningHolders(db)) {
      const [host, pidText, boot] = holder.split(':');
      if (host !== hostname() || !pidText || !boot) continue;
      const pid = Number(pidText);
      const dead = pid === process.pid ? boot !== processBoot : !isAlive(pid);
      if (dead) {
        const n = await releaseJobsOfHolder(db, holder, this.o.clock());
        if (n) this.o.log.info({ released: n }, 'trabajos de un proceso terminado devueltos a la cola');
      }
    }
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
