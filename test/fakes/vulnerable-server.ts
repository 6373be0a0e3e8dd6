/**
 * A deliberately injectable HTTP server (string-concatenated SQL over an in-memory SQLite), used
 * only to prove that `npm run security:scan` really detects SQL injection: the scan runs sqlmap
 * against it first and refuses to report "no findings" for ITIMS unless it found this one.
 */
import { createServer } from 'node:http';
import SQLite from 'better-sqlite3';

const db = new SQLite(':memory:');
db.exec("create table items (id integer primary key, name text); insert into items (name) values ('uno'), ('dos'), ('tres');");

const server = createServer((req, res) => {
  const m = /^\/item\/([^/?]*)/.exec(req.url ?? '');
  if (!m) {
    res.writeHead(404).end();
    return;
  }
  try {
    const id = decodeURIComponent(m[1]!);
    const row = db.prepare(`select name from items where id = ${id}`).get() as { name: string } | undefined;
    res.writeHead(row ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(row ?? { error: 'no existe' }));
  } catch {
    res.writeHead(500).end('error');
  }
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const a = server.address();
  console.log(`VULNERABLE_LISTENING ${typeof a === 'object' && a ? a.port : ''}`);
});
