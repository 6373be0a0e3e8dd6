/**
 * What the tests' private daemons (MariaDB, PostgreSQL, slapd, nginx) have in common: a
 * throw-away TLS certificate, and stopping the process and waiting until it is gone.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** A self-signed certificate for 127.0.0.1 and localhost, valid `days`: `cert.pem` and `key.pem` in `dir`. */
export function selfSignedCertificate(dir: string, days: number): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', String(days), '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert],
    { stdio: 'pipe' },
  );
  return { cert, key };
}

/** SIGTERM, then waits for the exit; nothing when the process never started or already ended. */
export async function stopProcess(p: ChildProcess | null | undefined): Promise<void> {
  if (!p || p.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    p.once('exit', () => resolve());
    p.kill('SIGTERM');
  });
}
