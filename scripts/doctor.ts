/**
 * `npm run doctor` — checks a running installation and prints a Spanish report with what to do for
 * each problem; the exit code is 1 when there is a problem (warnings alone exit 0), 78 when the
 * configuration itself is invalid.
 */
import { ConfigError, loadConfig, readProcessEnv } from '../src/config/config';
import { formatReport, hasProblems, problem } from '../src/doctor/report';
import { runDoctor } from '../src/doctor/run-doctor';

let config;
try {
  config = loadConfig(readProcessEnv());
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.log(formatReport(err.problems.map((p) => problem('Configuración', p, 'corrija el valor en /etc/itims/itims.env (o .env); la tabla de variables está en README.md.'))));
  process.exit(78);
}
const results = await runDoctor(config);
console.log(formatReport(results));
process.exitCode = hasProblems(results) ? 1 : 0;
