import { activeDirectoryRunbooks } from './library/active-directory';
import { backupRunbooks } from './library/backup';
import { dnsDhcpRunbooks } from './library/dns-dhcp';
import { emailRunbooks } from './library/email';
import { endpointRunbooks } from './library/endpoint';
import { identityRunbooks } from './library/identity';
import { lobAppsRunbooks } from './library/lob-apps';
import { m365Runbooks } from './library/m365';
import { networkRunbooks } from './library/network';
import { printingRunbooks } from './library/printing';
import { securityRunbooks } from './library/security';
import { serverRunbooks } from './library/server';
import { wifiRunbooks } from './library/wifi';
import type { Runbook } from './types';

/** The runbook library shipped with the product, written by the team. */
export const RUNBOOKS: readonly Runbook[] = [
  ...emailRunbooks,
  ...m365Runbooks,
  ...identityRunbooks,
  ...activeDirectoryRunbooks,
  ...networkRunbooks,
  ...dnsDhcpRunbooks,
  ...wifiRunbooks,
  ...printingRunbooks,
  ...endpointRunbooks,
  ...serverRunbooks,
  ...backupRunbooks,
  ...securityRunbooks,
  ...lobAppsRunbooks,
];

export const RUNBOOKS_BY_ID: ReadonlyMap<string, Runbook> = new Map(RUNBOOKS.map((r) => [r.id, r]));

/** Structural problems in the library (dangling references, duplicate ids); empty when sound. */
export function validateRunbooks(runbooks: readonly Runbook[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const rb of runbooks) {
    if (ids.has(rb.id)) problems.push(`duplicate runbook id ${rb.id}`);
    ids.add(rb.id);
    const steps = new Set(rb.steps.map((s) => s.id));
    const causes = new Set(rb.causes.map((c) => c.id));
    const branches = rb.steps.flatMap((s) =>
      s.kind === 'question' ? s.options : [s.on.worked, s.on.failed, ...(s.on.partial ? [s.on.partial] : [])],
    );
    for (const b of branches) {
      if ('next' in b && !steps.has(b.next)) problems.push(`${rb.id}: step ${b.next} does not exist`);
      if ('resolve' in b && !causes.has(b.resolve)) problems.push(`${rb.id}: cause ${b.resolve} does not exist`);
    }
    if (rb.steps.length === 0) problems.push(`${rb.id}: no steps`);
  }
  return problems;
}
