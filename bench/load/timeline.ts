import { readFileSync } from 'node:fs';
import { cpuSeconds, machineCpu } from '../lib/process-stats';
import { percentile } from '../lib/stats';

/** One second of the run: what the users saw, and what the machine and the server were doing. */
export type Second = {
  second: number;
  requests: number;
  p99: number;
  max: number;
  /** Cores busy on the whole machine, and used by the server process, during that second. */
  machineCores: number;
  serverCores: number;
  /** The server's worst event-loop delay in that second (null without the probe's data). */
  eventLoopMaxMs: number | null;
};

type Sample = { at: number; machineBusy: number; serverCpu: number };

/** Samples the machine's and the server's CPU every second, on the wall clock. */
export class TimelineSampler {
  private readonly samples: Sample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly serverPid: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  private sample() {
    try {
      this.samples.push({
        at: Date.now(),
        machineBusy: machineCpu().busy,
        serverCpu: cpuSeconds(this.serverPid),
      });
    } catch {
      /* the server has exited */
    }
  }

  stop(): Sample[] {
    clearInterval(this.timer);
    return this.samples;
  }
}

/** The per-second event-loop delays written by server-probe.mjs, if the file exists. */
export function readProbe(file: string): { at: number; maxMs: number }[] {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { eventLoopDelay: { at: number; maxMs: number }[] })
      .eventLoopDelay;
  } catch {
    return [];
  }
}

/** Second by second from `start` (epoch ms): requests finished, their p99 and max, CPU, event-loop delay. */
export function buildTimeline(
  start: number,
  completions: { at: number; ms: number }[],
  samples: Sample[],
  eventLoop: { at: number; maxMs: number }[],
): Second[] {
  const seconds = new Map<number, number[]>();
  for (const c of completions) {
    const s = Math.floor((c.at - start) / 1000);
    if (s < 0) continue;
    let list = seconds.get(s);
    if (!list) seconds.set(s, (list = []));
    list.push(c.ms);
  }
  const out: Second[] = [];
  for (const [second, ms] of [...seconds].sort((a, b) => a[0] - b[0])) {
    const from = start + second * 1000;
    const to = from + 1000;
    // CPU between the samples closest to the second's edges.
    const a = samples.findLast((x) => x.at <= from) ?? samples[0];
    const b = samples.find((x) => x.at >= to) ?? samples.at(-1);
    const span = a && b && b.at > a.at ? (b.at - a.at) / 1000 : NaN;
    const loop = eventLoop.filter((e) => e.at > from && e.at <= to + 1000);
    out.push({
      second,
      requests: ms.length,
      p99: percentile(ms, 99),
      max: Math.max(...ms),
      machineCores: a && b ? (b.machineBusy - a.machineBusy) / span : NaN,
      serverCores: a && b ? (b.serverCpu - a.serverCpu) / span : NaN,
      eventLoopMaxMs: loop.length ? Math.max(...loop.map((e) => e.maxMs)) : null,
    });
  }
  return out;
}

/** The `k` seconds whose requests had the worst p99. */
export const worstSeconds = (timeline: Second[], k = 5) =>
  [...timeline].sort((x, y) => y.p99 - x.p99).slice(0, k);
