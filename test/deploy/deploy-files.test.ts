/**
 * What an administrator copies from deploy/: the example settings are a valid production
 * configuration, and the systemd units pass systemd's own checker with the hardening they promise.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import dotenv from 'dotenv';
import { loadConfig } from '../../src/config/config';

const UNITS = ['itims-web.service', 'itims-worker.service', 'itims-backup.service', 'itims-backup.timer'].map((u) => `deploy/systemd/${u}`);

describe('deploy/', () => {
  it('env.production.example is a valid production configuration behind nginx', () => {
    const vars = dotenv.parse(readFileSync('deploy/env.production.example'));
    const config = loadConfig(vars);
    expect(config).toMatchObject({
      nodeEnv: 'production',
      host: '127.0.0.1',
      demo: false,
      inProcessWorker: false,
      databaseUrl: 'sqlite:/var/lib/itims/itims.sqlite',
      backup: { dir: '/var/lib/itims/backups', keep: 14 },
      attachments: expect.objectContaining({ dir: '/var/lib/itims/attachments', maxBytes: 10 * 1024 * 1024 }),
    });
    expect(config.publicBaseUrl).toMatch(/^https:\/\//);
    expect(config.trustProxy).toBeTruthy();
  });

  it("nginx's body limit fits three attachments of ATTACHMENT_MAX_MB with their form fields", () => {
    const vars = dotenv.parse(readFileSync('deploy/env.production.example'));
    const maxMb = loadConfig(vars).attachments.maxBytes / 1024 / 1024;
    const limit = /client_max_body_size (\d+)m;/.exec(readFileSync('deploy/nginx/itims.conf', 'utf8'))?.[1];
    expect(Number(limit)).toBeGreaterThanOrEqual(3 * maxMb + 2);
  });

  it('the systemd units pass systemd-analyze verify', () => {
    // An unknown key or a bad value is only a line on stderr ("Unknown key …, ignoring"), exit 0.
    const run = spawnSync('systemd-analyze', ['verify', ...UNITS], { encoding: 'utf8' });
    expect(run.stderr + run.stdout).toBe('');
    expect(run.status).toBe(0);
  });

  it('the services restart on failure, run as itims, read /etc/itims/itims.env and may write only /var/lib/itims', () => {
    for (const unit of UNITS.filter((u) => u.endsWith('.service'))) {
      const text = readFileSync(unit, 'utf8');
      const settings = new Map(
        text
          .split('\n')
          .filter((l) => /^[A-Za-z]+=/.test(l))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      expect(settings.get('User'), unit).toBe('itims');
      expect(settings.get('EnvironmentFile'), unit).toBe('/etc/itims/itims.env');
      expect(settings.get('ProtectSystem'), unit).toBe('strict');
      expect(settings.get('ReadWritePaths'), unit).toBe('/var/lib/itims');
      if (!unit.includes('backup')) expect(settings.get('Restart'), unit).toBe('on-failure');
    }
  });
});
