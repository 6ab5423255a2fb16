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
  // Abbreviations techs type for the names the knowledge uses.
  ap: 'accesspoint',
  waps: 'accesspoint',
  wap: 'accesspoint',
  ndrs: 'ndr',
  bounce: 'ndr',
  bounced: 'ndr',
  bounces: 'ndr',
  bounceback: 'ndr',
  undeliverable: 'ndr',
  vm: 'virtualmachine',
  vms: 'virtualmachine',
  av: 'antivirus',
  '2sv': 'mfa',
  mdm: 'intune',
  esx: 'esxi',
  o365: 'm365',
  office365: 'm365',
  dcs: 'domaincontroller',
  gpos: 'grouppolicy',
  qbo: 'quickbooks',
  qbdt: 'quickbooks',
  // Misspellings frequent enough to fold by hand; the index corrects other one-letter slips.
  outlok: 'outlook',
  outllook: 'outlook',
  pasword: 'password',
  passowrd: 'password',
  printr: 'print',
  priner: 'print',
  recieve: 'receive',
  recieving: 'receive',
  certifcate: 'cert',
  conection: 'connection',
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
  [/\baccess points?\b/g, 'accesspoint'],
  [/\bdomain controllers?\b/g, 'domaincontroller'],
  [/\bgroup polic(?:y|ies)\b/g, 'grouppolicy'],
  [/\bnon[- ]delivery(?: reports?)?\b/g, 'ndr'],
  [/\bvirtual machines?\b/g, 'virtualmachine'],
  [/\bmicrosoft 365\b|\boffice 365\b/g, 'm365'],
];

/** Tokens for retrieval: lowercase, synonyms folded, stopwords dropped, stemmed. */
export function tokenize(text: string): string[] {
  let lower = text.toLowerCase();
  for (const [re, rep] of PHRASES) lower = lower.replace(re, rep);
  // A percentage is an amount ("100% sure", "cpu at 95%"), not a name: as a bare number it matched
  // "Sage 100" and the like.
  lower = lower.replace(/\b\d+(?:\.\d+)?\s?%/g, ' ');
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
 * Error codes a tech pastes, in the canonical form the knowledge index keys them by:
 * HRESULTs and stop codes ('0x80070005', with or without 0x, 'STOP 0x7E'), Entra codes
 * ('aadsts50076'), event IDs ('event 4625'), SMTP enhanced status codes ('5.7.1'), numbered errors
 * ('error 1603', 'Msg 18456', 'System error 53', 'result 8453', a bare '8456' printed before its
 * message), NPS reason codes ('nps reason 16'), ODBC SQLSTATEs
 * ('sqlstate 08001') and symbolic names ('name:err_connection_refused', 'name:irql_not_less_or_equal').
 */
export function extractErrorCodes(text: string): string[] {
  const found = new Set<string>();
  const t = text.toLowerCase();
  for (const m of t.matchAll(/\b(stop\W{0,3}|bug ?check\W{0,3})?0x([0-9a-f]{1,8})\b/g)) {
    // Short forms are stop codes only when introduced as such ("STOP 0xD1"); otherwise too ambiguous.
    if (m[2]!.length >= 4 || m[1]) found.add(canonicalCode(`0x${m[2]}`));
  }
  // Techs often drop the 0x of an HRESULT: "error 80070005", "code C004F074".
  for (const m of t.matchAll(/(?<![0-9a-z.-])([89c][0-9a-f]{7})(?![0-9a-z.-])/g))
    if (/[0-9]/.test(m[1]!.slice(1))) found.add(`0x${m[1]}`);
  for (const m of t.matchAll(/\baadsts(\d{2,7})\b/g)) found.add(`aadsts${m[1]}`);
  for (const m of t.matchAll(/\bevent(?:\s*id)?[\s:#]*(\d{2,5})\b/g)) found.add(`event ${m[1]}`);
  for (const m of t.matchAll(/\b(?:id|eventid)[\s:#]+(\d{3,5})\b/g)) found.add(`event ${m[1]}`);
  for (const m of t.matchAll(/(?<![\d.])[245]\.\d{1,3}\.\d{1,3}(?![\d.])/g)) found.add(m[0]);
  for (const m of t.matchAll(
    /\b(?:error|code|err|msg|message|exit code|return code|result)[\s:#=]*(-?[0-9]{1,6}|[a-z]\d{3,4})\b/g,
  ))
    found.add(`error ${m[1]}`);
  for (const m of t.matchAll(/\b(h\d{3}|c\d{4})\b/g)) found.add(`error ${m[1]}`);
  // A bare number with its message after it, as tools print them ("8456 The source server is
  // currently rejecting replication requests"); years ("2019 DCs", "Server 2016 Standard") are not codes.
  for (const m of text.matchAll(/(?<![\w.,:/\\#-])(\d{4,5})\s+['"(]?(?=[A-Z][a-z]+\s+[a-z]{2,})/g))
    if (!/^(?:19|20)\d\d$/.test(m[1]!)) found.add(`error ${Number(m[1])}`);
  // Kerberos codes as events 4768, 4769 and 4771 print them ("Failure Code: 0x18"), or named as such.
  for (const m of t.matchAll(/\b(?:failure|result) code[\s:#=]*(0x[0-9a-f]{1,2})\b/g))
    found.add(kerberosCode(m[1]!));
  for (const m of t.matchAll(/\b(?:kerberos|kdc|krb)\b[^.\n]{0,40}?\b(0x[0-9a-f]{1,2})\b/g))
    found.add(kerberosCode(m[1]!));
  for (const m of t.matchAll(/\breason[\s-]*code[\s:#=]*(\d{1,3})\b/g)) found.add(`nps reason ${m[1]}`);
  for (const m of t.matchAll(/\bsqlstate\W{0,3}([0-9a-z]{5})\b/g)) found.add(`sqlstate ${m[1]}`);
  for (const m of t.matchAll(/[[(]([0-9a-z]{2}\d{3})[\])]/g))
    if (/\d/.test(m[1]!.slice(0, 2)) || /^(im|hy|hs)/.test(m[1]!)) found.add(`sqlstate ${m[1]}`);
  for (const m of t.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+){1,}\b/g))
    if (m[0].length >= 8) found.add(`name:${m[0]}`);
  return [...found];
}

/** A Kerberos result or failure code as the index keys it: 'kerberos 0x18' (no leading zeros). */
export const kerberosCode = (hex: string) => `kerberos 0x${parseInt(hex, 16).toString(16)}`;

/** Canonical form of one code as knowledge items write it, e.g. 'Event ID 4740' → 'event 4740', '0x8004010F' → '0x8004010f'. */
export function canonicalCode(code: string): string {
  const c = code.trim().toLowerCase();
  const hex = /^0x0*([0-9a-f]+)$/.exec(c);
  if (hex) return `0x${hex[1]!.padStart(8, '0')}`;
  const ev = /^event(?:\s*id)?\s*(\d+)$/.exec(c);
  if (ev) return `event ${ev[1]}`;
  const err = /^(?:error|code)\s*(-?[0-9a-z]+)$/.exec(c);
  if (err) return `error ${err[1]}`;
  if (/^\d{1,6}$/.test(c) || /^[a-z]\d{3,4}$/.test(c)) return `error ${c}`;
  const nps = /^(?:nps )?reason(?: code)? (\d+)$/.exec(c);
  if (nps) return `nps reason ${nps[1]}`;
  if (/^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(c)) return `name:${c}`;
  return c;
}
