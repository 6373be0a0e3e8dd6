/**
 * `npm run security:scan [-- --short]` — runs sqlmap (Debian package) against the public
 * endpoints of a real ITIMS on loopback and fails on any finding. The server runs as a child
 * process on a throwaway SQLite database with demo data. `--short` (CI) limits techniques and
 * level so it fits the CI budget; the full run tries every technique, including time-based.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { short: { type: 'boolean', default: false } } });
const short = values.short || process.env.CI === 'true';

if (spawnSync('sqlmap', ['--version'], { encoding: 'utf8' }).status !== 0) {
  console.error('sqlmap no está instalado: apt-get install -y sqlmap');
  process.exit(2);
}

const port = await new Promise<number>((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => resolve(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'itims-sqlmap-'));
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--demo'], {
  env: {
    ...process.env,
    DATABASE_URL: `sqlite:${join(dir, 'scan.sqlite')}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: base,
    LOG_LEVEL: 'warn',
    ITIMS_ADMIN_PASSWORD: 'scan-admin-password',
    RATE_LIMIT_PER_MINUTE: '1000000',
    STAFF_REQUESTS_PER_MINUTE: '1000000',
    FILINGS_PER_HOUR: '1000000',
    DIRECTORY_LOOKUPS_PER_MINUTE: '1000000',
    TICKET_FLOOD_MINUTES: '0',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});

async function waitHealthy() {
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('ITIMS no arrancó');
}

interface Target {
  name: string;
  args: string[];
}

let exitCode = 0;
try {
  await waitHealthy();
  const categories = (await (await fetch(`${base}/api/v1/categories`)).json()) as { id: number }[];
  const categoryId = categories[0]?.id ?? 1;
  // A real person from the demo directory, so queries reach the database past validation.
  const dni = process.env.SCAN_DNI ?? (await findDemoDni());
  const filed = await fetch(`${base}/api/v1/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dni, categoryId, description: 'Ticket para el escaneo de seguridad.' }),
  });
  const code = filed.ok ? ((await filed.json()) as { code: string }).code : 'TK-00000000';

  const targets: Target[] = [
    { name: 'GET /directory/{dni}', args: ['-u', `${base}/api/v1/directory/${dni}*`] },
    { name: 'GET /directory/{dni}/tickets', args: ['-u', `${base}/api/v1/directory/${dni}*/tickets`] },
    { name: 'GET /tickets/{code}', args: ['-u', `${base}/api/v1/tickets/${code}*`] },
    {
      name: 'POST /tickets (JSON body)',
      args: [
        '-u',
        `${base}/api/v1/tickets`,
        '--method',
        'POST',
        '--headers',
        'Content-Type: application/json',
        '--data',
        JSON.stringify({ dni, categoryId, description: 'Descripción del problema para el escaneo.' }),
      ],
    },
    // The assistant's reply is made from the words of the question (its draft quotes them, "1=2" reads
    // differently from "1=1"), so comparing reply texts finds "boolean-blind injection" in prose that
    // never reaches SQL. Here true and false are told apart by the status code, which an injection
    // into a query would change (a 5xx, or a 4xx from a failed lookup).
    {
      name: 'POST /chat (JSON body)',
      args: [
        '-u',
        `${base}/api/v1/chat`,
        '--method',
        'POST',
        '--headers',
        'Content-Type: application/json',
        '--code=200',
        '--data',
        JSON.stringify({ messages: [{ role: 'user', content: 'la impresora no imprime' }] }),
      ],
    },
    {
      name: 'POST /auth/login (JSON body)',
      args: ['-u', `${base}/api/v1/auth/login`, '--method', 'POST', '--headers', 'Content-Type: application/json', '--data', JSON.stringify({ username: 'admin', password: 'x' })],
    },
  ];
  const common = ['--batch', '--flush-session', '--disable-coloring', `--output-dir=${join(dir, 'sqlmap')}`, '--timeout=10', '--retries=1', '--ignore-code=400,401,403,404,409,413,415,422,429'];
  const depth = short ? ['--level=1', '--risk=1', '--technique=BEU'] : ['--level=3', '--risk=2'];
  let findings = 0;
  let tried = 0;

  // Self-check: the same sqlmap settings must find the injection in a deliberately vulnerable server.
  const vulnerableServer = spawn(process.execPath, ['--import', 'tsx', 'test/fakes/vulnerable-server.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const vPort = await new Promise<string>((resolve) =>
    vulnerableServer.stdout?.on('data', (d) => {
      const m = /VULNERABLE_LISTENING (\d+)/.exec(String(d));
      if (m) resolve(m[1]!);
    }),
  );
  const selfCheck = spawnSync('sqlmap', ['-u', `http://127.0.0.1:${vPort}/item/1*`, ...common, ...depth], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  vulnerableServer.kill('SIGKILL');
  const detected = /sqlmap identified the following injection point|appears to be '[^']+' injectable|is vulnerable/i.test(`${selfCheck.stdout}${selfCheck.stderr}`);
  console.log(`- autocomprobación (servidor vulnerable a propósito): ${detected ? 'inyección detectada, el escáner funciona' : 'NO DETECTADA — el escaneo no sería fiable'}`);
  if (!detected) throw new Error('sqlmap no detectó la inyección de control');
  for (const target of targets) {
    const probe = await fetch(target.args[1]!.replace('*', ''), {
      method: target.args.includes('POST') ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json' },
      body: target.args.includes('--data') ? target.args[target.args.indexOf('--data') + 1] : undefined,
    });
    if (probe.status === 404 && !target.name.includes('{')) {
      console.log(`- ${target.name}: omitido (la ruta no existe)`);
      continue;
    }
    const started = Date.now();
    const r = spawnSync('sqlmap', [...target.args, ...common, ...depth], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    tried++;
    const out = `${r.stdout}\n${r.stderr}`;
    const vulnerable = /is vulnerable|sqlmap identified the following injection point|Parameter: .* \(/i.test(out) || /parameter '[^']+' (?:is|appears to be) '[^']+' injectable/i.test(out);
    const clean = /do not appear to be injectable|does not seem to be injectable/i.test(out);
    const unreachable = /unable to connect|connection refused|connection timed out to the target/i.test(out);
    const errorCodes = [...out.matchAll(/(\d+) times/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    const verdict = vulnerable ? 'HALLAZGO' : unreachable || !clean ? 'NO SE PUDO PROBAR' : 'sin hallazgos';
    console.log(`- ${target.name}: ${verdict} (${errorCodes} respuestas 4xx a cargas de inyección, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
    if (!vulnerable && (unreachable || !clean)) {
      findings++;
      console.log(out.split('\n').slice(-15).join('\n'));
    }
    if (vulnerable) {
      findings++;
      console.log(
        out
          .split('\n')
          .filter((l) => /injectable|vulnerable|Parameter:|Type:|Title:|Payload:/i.test(l))
          .join('\n'),
      );
    }
  }
  const health = await fetch(`${base}/api/v1/health`);
  console.log(`\nsqlmap (${short ? 'corto' : 'completo'}): ${tried} rutas probadas, ${findings} hallazgos; servidor ${health.ok ? 'sigue sano' : 'NO responde'}.`);
  if (findings > 0 || !health.ok) exitCode = 1;
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dir, { recursive: true, force: true });
}
process.exit(exitCode);

async function findDemoDni(): Promise<string> {
  const { createDatabase } = await import('../src/db/database');
  const db = createDatabase(`sqlite:${join(dir, 'scan.sqlite')}`);
  const row = await db.db.selectFrom('staff').innerJoin('staff_offices', 'staff_offices.staff_id', 'staff.id').select('staff.dni').orderBy('staff_offices.year', 'desc').limit(1).executeTakeFirst();
  await db.close();
  return row?.dni ?? '12345678';
}
