/**
 * Text analysis for the built-in engine: tokens, a light English stemmer, synonyms that techs use
 * interchangeably, and error-code extraction. Deterministic and dependency-free, so retrieval scores
 * are explainable.
 */

const STOPWORDS = new Set(
  `a an and are as at be been but by can cant could did do does doesnt dont for from had has have he her his how i if in
  into is it its just me my no not of on or our she so some than that the their them then there they this to too up
  us was we were what when where which while who will with would you your yes also any all get gets got getting im ive
  after before since again still now today yesterday morning user users client customer please thanks hi hello one
  only same very really keeps keep says said saying tried help issue problem ticket need needs cannot unable
  able around about being other another every anything something work working works`.split(/\s+/),
);

/** Words techs use for the same thing, folded to one form before stemming. */
const SYNONYMS: Record<string, string> = {
  'wi-fi': 'wifi',
  wireless: 'wifi',
  wlan: 'wifi',
  ssid: 'wifi',
  '2fa': 'mfa',
  'two-factor': 'mfa',
  authenticator: 'mfa',
  otp: 'mfa',
  pc: 'computer',
  laptop: 'computer',
  desktop: 'computer',
  workstation: 'computer',
  owa: 'webmail',
  'e-mail': 'email',
  emails: 'email',
  mail: 'email',
  mails: 'email',
  mailbox: 'mailbox',
  pw: 'password',
  pwd: 'password',
  passwd: 'password',
  creds: 'credentials',
  login: 'signin',
  logon: 'signin',
  'log-in': 'signin',
  'sign-in': 'signin',
  signon: 'signin',
  locked: 'lockout',
  lockouts: 'lockout',
  'locked-out': 'lockout',
  bsod: 'bluescreen',
  'blue-screen': 'bluescreen',
  slow: 'slow',
  sluggish: 'slow',
  laggy: 'slow',
  crashes: 'crash',
  crashing: 'crash',
  crashed: 'crash',
  freezes: 'hang',
  freezing: 'hang',
  frozen: 'hang',
  hangs: 'hang',
  printer: 'print',
  printers: 'print',
  printing: 'print',
  prints: 'print',
  scanner: 'scan',
  scanning: 'scan',
  dc: 'domaincontroller',
  gpo: 'grouppolicy',
  gpupdate: 'grouppolicy',
  quickbooks: 'quickbooks',
  qb: 'quickbooks',
  teams: 'teams',
  onedrive: 'onedrive',
  sharepoint: 'sharepoint',
  certificate: 'cert',
  certificates: 'cert',
  certs: 'cert',
  ssl: 'cert',
  tls: 'cert',
  dying: 'crash',
  dies: 'crash',
  died: 'crash',
  thumb: 'usb',
  flash: 'usb',
  pendrive: 'usb',
  stick: 'usb',
  rdp: 'rds',
  rdsh: 'rds',
  crawling: 'slow',
  crawl: 'slow',
  ages: 'slow',
  scrambled: 'encrypt',
  encrypted: 'encrypt',
  lockbit: 'ransomware',
  ransom: 'ransomware',
  permission: 'permission',
  permissions: 'permission',
  disconnected: 'disconnect',
  disconnects: 'disconnect',
  dropping: 'drop',
  drops: 'drop',
  dropped: 'drop',
  full: 'full',
  space: 'space',
};

/** A light suffix stripper: enough to match "printing"/"printed"/"prints" without a dictionary. */
export function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  const rules: [RegExp, string][] = [
    [/ies$/, 'y'],
    [/sses$/, 'ss'],
    [/ments?$/, ''],
    [/ations?$/, 'ate'],
    [/ing$/, ''],
    [/edly$/, ''],
    [/ed$/, ''],
    [/ers?$/, ''],
    [/ly$/, ''],
    [/(?<!s)s$/, ''],
  ];
  for (const [re, rep] of rules) {
    if (re.test(word)) {
      const out = word.replace(re, rep);
      if (out.length >= 3) return out.replace(/(.)\1$/, '$1');
    }
  }
  return word;
}

/** Multi-word names folded to one token before splitting. */
const PHRASES: [RegExp, string][] = [
  [/outlook (?:on the web|web app|web access)/g, 'webmail'],
  [/\bweb ?mail\b/g, 'webmail'],
  [/\bremote desktop\b/g, 'rds'],
  [/\bblue screen\b/g, 'bluescreen'],
  [/\baccess denied\b/g, 'accessdenied'],
  [/\bnot responding\b/g, 'hang'],
  [/\b(?:0|zero|no) ?(?:bytes|kb|mb|gb)? (?:free|left)\b/g, 'full space'],
  [/\bout of (?:disk )?space\b/g, 'full space'],
];

/** Tokens for retrieval: lowercase, synonyms folded, stopwords dropped, stemmed. */
export function tokenize(text: string): string[] {
  let lower = text.toLowerCase();
  for (const [re, rep] of PHRASES) lower = lower.replace(re, rep);
  const raw = lower.match(/0x[0-9a-f]{4,8}|[a-z0-9]+(?:[-.][a-z0-9]+)*/g) ?? [];
  const out: string[] = [];
  for (let tok of raw) {
    // Split hyphenated words unless the whole form is a known synonym (wi-fi, sign-in).
    const parts = SYNONYMS[tok] ? [tok] : tok.includes('-') ? tok.split('-') : [tok];
    for (tok of parts) {
      const folded = SYNONYMS[tok] ?? tok;
      if (folded.length < 2 || STOPWORDS.has(folded)) continue;
      out.push(stem(folded));
    }
  }
  return out;
}

/**
 * Error codes a tech pastes: HRESULTs (0x80070005), Entra sign-in codes (AADSTS50076), event IDs
 * ("Event ID 4625", "event 4740"), SMTP enhanced status codes (5.7.1), and "error 809"-style codes.
 * Returned in a canonical form so they compare exactly with a runbook's `error_codes`.
 */
export function extractErrorCodes(text: string): string[] {
  const found = new Set<string>();
  const t = text.toLowerCase();
  for (const m of t.matchAll(/0x[0-9a-f]{4,8}\b/g)) found.add(canonicalCode(m[0]));
  for (const m of t.matchAll(/\baadsts\d{4,6}\b/g)) found.add(m[0]);
  for (const m of t.matchAll(/\bevent(?:\s*id)?[\s:#]*(\d{2,5})\b/g)) found.add(`event ${m[1]}`);
  for (const m of t.matchAll(/\b[245]\.\d\.\d{1,3}\b/g)) found.add(m[0]);
  for (const m of t.matchAll(/\b(?:error|code|err)[\s:#]*(-?[0-9]{3,6}|[a-z]\d{3,4})\b/g)) found.add(`error ${m[1]}`);
  for (const m of t.matchAll(/\b(h\d{3}|c\d{4})\b/g)) found.add(`error ${m[1]}`);
  return [...found];
}

/** Canonical form of one runbook error code, e.g. 'Event ID 4740' → 'event 4740', '0x8004010F' → '0x8004010f'. */
export function canonicalCode(code: string): string {
  const c = code.trim().toLowerCase();
  const hex = /^0x0*([0-9a-f]+)$/.exec(c);
  if (hex) return `0x${hex[1]!.padStart(8, '0')}`;
  const ev = /^event(?:\s*id)?\s*(\d+)$/.exec(c);
  if (ev) return `event ${ev[1]}`;
  const err = /^(?:error|code)\s*(-?[0-9a-z]+)$/.exec(c);
  if (err) return `error ${err[1]}`;
  if (/^\d{3,6}$/.test(c) || /^[a-z]\d{3,4}$/.test(c)) return `error ${c}`;
  return c;
}
