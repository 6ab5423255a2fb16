import type { LoadResult } from './load';

export const TARGET_P99_MS = 200;

const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const bound = (x: number) => (Number.isFinite(x) ? `${x} ms` : '∞');
const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

/** The figures as Markdown, ready to paste into docs/BENCHMARKS.md. */
export function markdownReport(r: LoadResult): string {
  const o = r.options;
  const lines = [
    `${r.database}${r.serverVersion ? ` ${r.serverVersion}` : ''}; ${o.vus} virtual users (${r.population.techs} techs, ${r.population.seniors} seniors with a live stream, ` +
      `${r.population.admins} admins) over ${o.accounts} accounts, ${o.durationS} s, think time ${o.thinkMs[0]}–${o.thinkMs[1]} ms; ` +
      `${o.history.sessions} past sessions per account; started ${r.startedAt}.`,
    '',
    `| route | requests | errors | p50 | p99 | max | p99 ≤ ${TARGET_P99_MS} ms | server's own histogram: p50 / p99 under |`,
    '|---|---|---|---|---|---|---|---|',
    ...r.routes.map(
      (x) =>
        `| \`${x.route}\` | ${x.n} | ${x.errors} | ${ms(x.p50)} ms | ${ms(x.p99)} ms | ${ms(x.max)} ms | ${x.p99 <= TARGET_P99_MS ? 'yes' : '**no**'} | ` +
        `${x.server ? `${bound(x.server.p50)} / ${bound(x.server.p99)}` : '–'} |`,
    ),
    '',
    '| measure | value |',
    '|---|---|',
    `| requests | ${r.requests} in ${r.elapsedS.toFixed(1)} s = **${r.requestsPerSecond.toFixed(1)} req/s** |`,
    `| errors | **${r.errors}** (${pct(r.errorRate)}) |`,
    `| claim races lost (409 ALREADY_CLAIMED, expected) | ${r.claimRacesLost} |`,
    `| escalations | ${r.escalations} |`,
    `| handoff_created frames received / expected | **${r.stream.received} / ${r.stream.expected}**${r.stream.duplicates ? ` (${r.stream.duplicates} repeated)` : ''} |`,
    `| frame delay after the escalate response, p50 / p99 | ${ms(r.stream.latencyMs.p50)} / ${ms(r.stream.latencyMs.p99)} ms |`,
    `| server RSS start / peak / end | ${r.rssMb.start.toFixed(0)} / ${r.rssMb.peak.toFixed(0)} / ${r.rssMb.end.toFixed(0)} MB |`,
    `| CPU in cores (of ${r.cpu.cores}): server / PostgreSQL (this database) / load generator / whole machine | ` +
      `${r.cpu.server.toFixed(2)} / ${r.cpu.postgres?.toFixed(2) ?? '–'} / ${r.cpu.loadGenerator.toFixed(2)} / ${r.cpu.machine.toFixed(2)} |`,
    ...(r.postgres
      ? [
          `| PostgreSQL backends busy, mean / max (pool size ${r.options.serverEnv?.DATABASE_POOL_SIZE ?? 'default 10'}) | ` +
            `${r.postgres.busyBackends.mean.toFixed(1)} / ${r.postgres.busyBackends.max} (mean ${r.postgres.busyActive.toFixed(1)} running a statement, ` +
            `${r.postgres.busyIdleInTransaction.toFixed(1)} idle in a transaction; ${r.postgres.busyBackends.samples} samples) |`,
          `| PostgreSQL backends waiting for a lock, mean / max | ${r.postgres.lockWaits.mean.toFixed(2)} / ${r.postgres.lockWaits.max} |`,
        ]
      : []),
    `| machine load average (1 min) at start / end | ${r.cpu.loadAverageStart.toFixed(1)} / ${r.cpu.loadAverageEnd.toFixed(1)} |`,
  ];
  if (r.eventLoop) {
    lines.splice(
      lines.indexOf('| measure | value |') + 2,
      0,
      `| server event-loop delay: worst / median of each second's worst | ${ms(r.eventLoop.maxMs)} / ${ms(r.eventLoop.medianOfSecondMaxMs)} ms |`,
    );
  }
  if (r.worstSeconds.length) {
    lines.push(
      '',
      '| worst seconds (by p99) | requests | p99 | machine cores busy | server cores | server event-loop worst delay |',
      '|---|---|---|---|---|---|',
    );
    for (const s of r.worstSeconds) {
      lines.push(
        `| ${s.second} s | ${s.requests} | ${ms(s.p99)} ms | ${s.machineCores.toFixed(2)} | ${s.serverCores.toFixed(2)} | ${s.eventLoopMaxMs === null ? '–' : `${ms(s.eventLoopMaxMs)} ms`} |`,
      );
    }
  }
  if (r.errorList.length) {
    lines.push('', '| errors by route | status | code | count | message |', '|---|---|---|---|---|');
    for (const e of r.errorList)
      lines.push(
        `| \`${e.route}\` | ${e.status} | ${e.code} | ${e.count} | ${e.message.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
      );
  }
  return lines.join('\n');
}

/** One line per target: met or not, with the figure. */
export function verdict(r: LoadResult): string[] {
  const slow = r.routes.filter((x) => !(x.p99 <= TARGET_P99_MS));
  return [
    `errors: ${r.errors === 0 ? 'met' : 'NOT met'} (${r.errors})`,
    `every route p99 ≤ ${TARGET_P99_MS} ms: ${slow.length === 0 ? 'met' : `NOT met (${slow.map((x) => `${x.route} ${ms(x.p99)} ms`).join(', ')})`}`,
    `stream frames: ${r.stream.received === r.stream.expected ? 'all delivered' : `${r.stream.expected - r.stream.received} missing`}`,
  ];
}
