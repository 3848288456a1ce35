// The peers of build/Bench.ps1: the same summary (lines per elb_status_code) by ClickHouse's engine
// in-process (npm chdb) or DuckDB (npm @duckdb/node-api), loaded from the bench's npm cache folder.
// Usage: ALBTROUBLESHOOT_BENCH_DATA=<file or glob> node bench-peers.js <cache folder> <chdb|duckdb> <queries>
// Prints one JSON line: the time to load the engine, each query's time (the first is the first call of
// the session, the rest warm), the counts per code (to check them against the module's) and the
// process's peak resident memory.
'use strict';
const path = require('path');

const [cache, engine, queriesText] = process.argv.slice(2);
const data = process.env.ALBTROUBLESHOOT_BENCH_DATA || '';
const queries = Math.max(1, parseInt(queriesText, 10) || 1);
const fromCache = (name) => require(require.resolve(name, { paths: [path.join(cache, 'node_modules')] }));
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
// A path inside a SQL string literal: both engines take '' for a quote.
const literal = "'" + data.replace(/'/g, "''") + "'";

async function main() {
  const times = [];
  let counts = {};
  let t0 = process.hrtime.bigint();
  if (engine === 'chdb') {
    const { query } = fromCache('chdb');
    const load = ms(t0);
    // The 9th space-separated token is elb_status_code: no field before it is ever quoted.
    const sql = `SELECT splitByChar(' ', line, 9)[9] AS code, count() AS n FROM file(${literal}, 'LineAsString') GROUP BY code`;
    for (let i = 0; i < queries; i++) {
      t0 = process.hrtime.bigint();
      const csv = query(sql, 'TabSeparated');
      times.push(ms(t0));
      counts = {};
      for (const row of csv.split('\n')) {
        if (!row) continue;
        const [code, n] = row.split('\t');
        counts[code] = Number(n);
      }
    }
    return { load, times, counts };
  }
  if (engine === 'duckdb') {
    const { DuckDBInstance } = fromCache('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const load = ms(t0);
    // Each line as one column (a delimiter and quote that never occur), the 9th space-separated token.
    const sql = `SELECT split_part(line, ' ', 9) AS code, count(*) AS n FROM read_csv(${literal}, columns={'line': 'VARCHAR'}, delim=chr(1), quote='', escape='', header=false, auto_detect=false) GROUP BY code`;
    for (let i = 0; i < queries; i++) {
      t0 = process.hrtime.bigint();
      const rows = (await connection.runAndReadAll(sql)).getRows();
      times.push(ms(t0));
      counts = {};
      for (const [code, n] of rows) counts[code] = Number(n);
    }
    return { load, times, counts };
  }
  throw new Error(`unknown engine ${engine}`);
}

main().then(
  (r) => {
    r.peakMB = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(JSON.stringify(r) + '\n');
  },
  (e) => {
    process.stderr.write(String((e && e.stack) || e) + '\n');
    process.exit(1);
  });
