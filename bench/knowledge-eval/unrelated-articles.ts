/**
 * Deterministic filler for the knowledge benchmarks: articles an MSP might keep about its clients'
 * other systems (onboarding notes, vendor contacts, line-of-business quirks), none written for the
 * evaluation's problems. They make the index as large and as noisy as a real account's KB.
 */

/** mulberry32: a small seeded generator, so every run builds the same articles. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLIENTS = [
  'Harbor Dental',
  'Blue Ridge Legal',
  'Oakline Logistics',
  'Maple Street Clinic',
  'Summit Realty',
  'Crescent Bakery',
  'Riverbend School',
  'Granite CPA',
  'Northwind Traders',
  'Pioneer Vets',
  'Lakeside Hotel',
  'Copperfield Builders',
  'Sunrise Pharmacy',
  'Evergreen Church',
  'Atlas Freight',
  'Bayview Marina',
  'Cedar Hill Farms',
  'Redwood Architects',
];
const SYSTEMS = [
  'door access controller',
  'CCTV recorder',
  'label printer',
  'POS terminal',
  'time clock',
  'phone system',
  'practice management suite',
  'booking portal',
  'fleet tracker',
  'signage player',
  'conference room panel',
  'payroll export',
  'inventory scanner',
  'kiosk tablet',
  'lab analyser',
  'dictation software',
  'CAD licence server',
  'document scanner',
  'shared calendar',
  'guest Wi-Fi portal',
  'intercom',
  'alarm panel',
  'music streaming box',
  'ERP client',
  'tax software',
  'X-ray bridge',
  'card reader',
  'weighbridge PC',
  'reservation system',
  'cash drawer',
];
const TOPICS: [string, string, string][] = [
  [
    'vendor support contract renewal',
    'the renewal quote is sent in March',
    'Ask the vendor for the multi-year price before approving.',
  ],
  [
    'new starter checklist',
    'new staff need accounts before day one',
    'Create the account, add the group, order the badge, book the laptop.',
  ],
  [
    'leaver checklist',
    'accounts of leavers stay active',
    'Disable the account, forward mail to the manager, collect the badge.',
  ],
  [
    'after-hours contact list',
    'the on-site contact changed',
    'Update the contact sheet and the PSA company record.',
  ],
  [
    'firmware update schedule',
    'updates are applied quarterly',
    'Apply the vendor update in the maintenance window and note the version.',
  ],
  [
    'licence count audit',
    'seat counts drift from the contract',
    'Compare assigned seats with the contract and release unused ones.',
  ],
  [
    'warranty lookup',
    'hardware warranty dates are unknown',
    'Record the serial and the warranty end date in the asset record.',
  ],
  [
    'site survey notes',
    'the cabinet layout is undocumented',
    'Photograph the rack, label the patch panel and upload the diagram.',
  ],
  [
    'password vault entry',
    'the admin password is only known to one person',
    'Store the credential in the vault and rotate it.',
  ],
  [
    'quarterly review agenda',
    'the client asks for a business review',
    'Prepare ticket trends, asset ages and the budget for the next year.',
  ],
  [
    'supplier ordering process',
    'consumables are ordered ad hoc',
    'Use the supplier portal account and the agreed price list.',
  ],
  [
    'room booking etiquette',
    'rooms are double booked',
    'Publish the booking rules and set rooms to decline conflicts.',
  ],
];
const VERBS = [
  'configured',
  'replaced',
  'documented',
  'moved',
  'relabelled',
  'audited',
  'renewed',
  'installed',
];
const pick = <T>(xs: readonly T[], r: () => number) => xs[Math.floor(r() * xs.length)]!;

export type FillerArticle = { title: string; body: string; tags: string[] };

export function unrelatedArticle(i: number, r: () => number): FillerArticle {
  const client = pick(CLIENTS, r);
  const system = pick(SYSTEMS, r);
  const [topic, situation, fix] = pick(TOPICS, r);
  const verb = pick(VERBS, r);
  return {
    title: `${client}: ${system} ${topic} (${i})`,
    tags: [topic.split(' ')[0]!, system.split(' ')[0]!.toLowerCase()],
    body: [
      `Notes for the ${system} at ${client}; ${situation}. Last ${verb} by the onsite team, reference ${1000 + i}.`,
      '',
      '## Cause',
      `The ${system} ${topic} was never written down for this client.`,
      '',
      '## Fix',
      fix,
      `Keep the ${system} notes in the client folder and link them from the asset.`,
    ].join('\n'),
  };
}
