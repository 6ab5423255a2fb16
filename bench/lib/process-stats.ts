import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process in MB, read from /proc (Linux). */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** Samples a process's RSS at an interval and keeps the first, peak and latest values. */
export class RssSampler {
  readonly start: number;
  peak: number;
  latest: number;
  private timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 250,
  ) {
    this.start = this.peak = this.latest = rssMb(pid);
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): number {
    try {
      this.latest = rssMb(this.pid);
      this.peak = Math.max(this.peak, this.latest);
    } catch {
      /* the process has exited */
    }
    return this.latest;
  }

  /** Takes a last sample and stops; returns start, peak and end. */
  stop() {
    clearInterval(this.timer);
    const end = this.sample();
    return { start: this.start, peak: this.peak, end };
  }
}

/** The fields of /proc/<pid>/stat from the third (state) on. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; the fields after its closing parenthesis are fixed.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; 100 ticks a second). */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function parentPid(pid: number): number {
  return Number(statFields(pid)[1]);
}

/** CPU seconds used so far by the live children of a process (the backends of a PostgreSQL postmaster). */
export function childrenCpuSeconds(parent: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (parentPid(Number(entry)) === parent) total += cpuSeconds(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

/** Busy and total CPU time of the whole machine so far, in seconds summed over cores (/proc/stat). */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
  return { busy: (total - idle) / 100, total: total / 100 };
}
