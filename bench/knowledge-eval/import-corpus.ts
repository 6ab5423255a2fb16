/**
 * What the import benchmark feeds the product: Markdown KB files and closed PSA tickets, built in
 * memory and the same on every run. Both start from the 100 hand-written articles in `articles/`
 * (front matter, a paragraph, `## Cause`, `## Fix`), because their length and wording are those of
 * a real MSP's KB. Each copy is made specific to a client, a machine and a person, as an MSP's own
 * notes are — and so that no two hash alike: the product skips content it already holds, and a
 * skipped file costs less than an imported one, which would flatter the figures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from './unrelated-articles';

type Source = { file: string; title: string; tags: string[]; symptom: string; cause: string; fix: string };

const CLIENTS = [
  'Harbor Dental',
  'Blue Ridge Legal',
  'Oakline Logistics',
  'Maple Street Clinic',
  'Summit Realty',
  'Crescent Bakery',
  'Riverbend School',
  'Granite CPA',
  'Pioneer Vets',
  'Lakeside Hotel',
  'Copperfield Builders',
  'Sunrise Pharmacy',
];
const PEOPLE = ['Anna', 'Ben', 'Carla', 'Dev', 'Elif', 'Frank', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi'];
const ROLES = ['reception', 'accounts', 'the front desk', 'dispatch', 'the practice manager', 'sales'];
const BOARDS = ['Help Desk', 'Service Desk', 'Projects'];
const TYPES = ['Incident', 'Service Request', 'Problem'];

const section = (text: string, heading: string) => {
  const at = text.indexOf(`\n## ${heading}\n`);
  if (at < 0) return '';
  const rest = text.slice(at + heading.length + 5);
  const end = rest.indexOf('\n## ');
  return (end < 0 ? rest : rest.slice(0, end)).trim();
};

let sources: Source[] | undefined;
function loadSources(): Source[] {
  const dir = join(import.meta.dirname, 'articles');
  sources ??= readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const title = /^title:\s*"?(.*?)"?\s*$/m.exec(text)?.[1] ?? file;
      const tags = (/^tags:\s*\[(.*)\]\s*$/m.exec(text)?.[1] ?? '').split(',').map((t) => t.trim());
      const body = text.replace(/^---\n[\s\S]*?\n---\n/, '').trim();
      return {
        file,
        title,
        tags: tags.filter(Boolean),
        symptom: body.slice(0, body.indexOf('\n## ')).trim(),
        cause: section(`\n${body}`, 'Cause'),
        fix: section(`\n${body}`, 'Fix'),
      };
    });
  return sources;
}

const pick = <T>(xs: readonly T[], r: () => number) => xs[Math.floor(r() * xs.length)]!;
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const initials = (client: string) =>
  client
    .split(' ')
    .map((w) => w[0])
    .join('');
const dateWithin = (r: () => number, days: number) =>
  new Date(Date.now() - Math.floor(r() * days + 1) * 86_400_000).toISOString().slice(0, 10);

/**
 * File `i` of an upload: source article `i mod 100` as kept for one client. The title, tags and the
 * sections are the source's; a paragraph says where and when it was seen.
 */
export function markdownKbFile(i: number): { name: string; text: string } {
  const all = loadSources();
  const s = all[i % all.length]!;
  const r = seededRandom(1_000 + i);
  const client = CLIENTS[Math.floor(i / all.length) % CLIENTS.length]!;
  const round = Math.floor(i / (all.length * CLIENTS.length));
  const device = `${initials(client)}-WS-${String(Math.floor(r() * 400) + 1).padStart(3, '0')}`;
  const seen =
    `At ${client} this showed on ${device} (${pick(PEOPLE, r)} in ${pick(ROLES, r)}), ` +
    `last on ${dateWithin(r, 500)}` +
    (round > 0 ? `, revision ${round + 1}.` : '.') +
    ` Check the client's asset list before changing anything on a shared machine.`;
  const tags = [...s.tags, slug(client)];
  const text = [
    '---',
    `title: ${JSON.stringify(`${client}: ${s.title}`)}`,
    `tags: [${tags.join(', ')}]`,
    '---',
    '',
    s.symptom,
    '',
    seen,
    '',
    '## Cause',
    s.cause,
    '',
    '## Fix',
    s.fix,
    '',
  ].join('\n');
  return { name: `${slug(client)}-${round > 0 ? `${round + 1}-` : ''}${s.file}`, text };
}

export type ClosedTicketSpec = {
  id: number;
  summary: string;
  closedDate: string;
  company: string;
  board: string;
  type: string;
  description: string;
  resolution: string[];
  internal: string[];
  discussion: string[];
};

/**
 * Closed ticket `id` as ConnectWise holds it: the customer's first message as the description, then
 * one resolution note and up to two more (a technician's analysis, a customer reply), closed within
 * the last year so the default import period takes it.
 */
export function closedTicket(id: number): ClosedTicketSpec {
  const all = loadSources();
  const r = seededRandom(id);
  const s = pick(all, r);
  const client = pick(CLIENTS, r);
  const person = pick(PEOPLE, r);
  const device = `${initials(client)}-WS-${String(Math.floor(r() * 400) + 1).padStart(3, '0')}`;
  const firstSentences = s.symptom
    .split(/(?<=\.)\s+/)
    .slice(0, 2)
    .join(' ');
  const internal: string[] = [];
  const discussion: string[] = [];
  const extra = Math.floor(r() * 3); // 0–2 notes besides the resolution
  if (extra >= 1)
    internal.push(
      `Remote session on ${device}. ${s.cause.split('\n')[0]} Confirmed with ${person} before changing it.`,
    );
  if (extra >= 2) discussion.push(`Thanks, that did it. ${person}, ${client}`);
  return {
    id,
    summary: `${s.title} (${device})`,
    closedDate: new Date(Date.now() - (Math.floor(r() * 360) + 1) * 86_400_000).toISOString(),
    company: client,
    board: pick(BOARDS, r),
    type: pick(TYPES, r),
    description: `Hi, this is ${person} from ${pick(ROLES, r)} at ${client}. ${firstSentences} It happens on ${device}. Can someone look at it today?`,
    resolution: [
      `${s.fix}\n\nDone on ${device} for ${person}; ticket ${id} closed after the user confirmed.`,
    ],
    internal,
    discussion,
  };
}
