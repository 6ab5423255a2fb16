import { PRINTER_MAKERS, productsNamed } from './products';
import { extractErrorCodes } from './text';

/** What an intake already tells, so the assistant never asks for it again. */
export type IntakeFacts = {
  /** Canonical error codes (see extractErrorCodes). */
  codes: string[];
  /** Error messages quoted or introduced as such ("says 'not registered'", "error: …"). */
  messages: string[];
  /** Products and platforms named, in their usual spelling. */
  products: string[];
  /** Version strings as typed: "Windows 11 23H2", "ESXi 7.0", "iOS 17.4", "build 16.0.17328". */
  versions: string[];
  os: string | null;
  scope: 'one' | 'several' | 'all' | null;
  /** When it started, as typed ("since the update", "since Monday"). */
  since: string | null;
  /** What was already tried, as typed. */
  tried: string[];
};

/** The kinds of thing a question can ask for that an intake may already say. */
export type Ask = 'error_code' | 'scope' | 'since' | 'product' | 'version' | 'os' | 'tried';

/**
 * Products and vendors an intake names in passing ("the 3cx", "pdq deploy", "our droplet"): naming one
 * answers "Which system is involved?" though the library may hold little on it. Vendors with a product
 * family in products.ts (Synology, Acronis, AnyDesk, Ubiquiti's UA Hub …) are read from there instead.
 */
const NAMED_PRODUCTS = [
  'backblaze|cisco|sentinel ?one|crowdstrike|bitdefender|webroot|eset|kaseya|zoom|salesforce',
  'hubspot|zoho|godaddy|citrix|avd|autopilot|m365|365|o365|exchange online|windows hello|dell',
  'lenovo|hp|apple mail|safari|sap|dynamics|3cx|ringcentral|mitel|yealink|polycom|google|workspace',
  'conditional access|authenticator|explorer|wbadmin|dentrix|myob|wireguard|keeper|dashlane|adguard',
  'xiaomi|oneplus|motorola|duo|elastic|huntress|autotask|halopsa|it ?glue|hudu|vs ?code',
  'visual studio|papercut|winget|home assistant|mdm|pdq|splashtop|atera|action1|syncro|lansweeper',
  'manageengine|kace|pulseway|logmein|autodesk|autocad|revit',
  'digitalocean|droplets?|linode|vultr|hetzner|ovh(?:cloud)?|ad',
  // Backup products MSPs run, often named without the word "backup".
  'axcient|x360 ?recover|druva|carbonite|unitrends|commvault|nakivo|msp360|cloudberry|backupify',
  'rubrik|cohesity|arcserve|macrium|backup exec|veritas|storagecraft|shadowprotect',
  // Synology's boxes and backup apps, by name or short name ("ABB backups"), and ServiceNow, which
  // clients run as a system of their own. Ticket tools a tech merely logged the problem in are left out.
  'diskstation|abb|active backup for business|hyper backup|servicenow',
].join('|');

const PRODUCTS: [RegExp, string][] = [
  [/\boutlook\b|\boutlok\b/, 'Outlook'],
  [/\bowa\b|outlook on the web|webmail/, 'Outlook on the web'],
  [/\bexchange\b/, 'Exchange'],
  [/\bteams\b/, 'Teams'],
  [/\bonedrive\b/, 'OneDrive'],
  [/\bsharepoint\b/, 'SharePoint'],
  [/\bexcel\b/, 'Excel'],
  // A deck's slides are PowerPoint's (or another presentation app's) even when it is not named.
  [/\bpowerpoint\b|\bppt\b|\bslides?\b|\bdecks?\b/, 'PowerPoint'],
  [/\bword\b/, 'Word'],
  [/\bentra\b|\bazure ad\b|\baad\b/, 'Entra ID'],
  [/\bintune\b|company portal/, 'Intune'],
  [/\bquickbooks\b|\bqb\b/, 'QuickBooks'],
  [/\bsage\b/, 'Sage'],
  // A CRM product's name often ends in its kind ("espocrm", "suitecrm"); "the CRM" alone names none.
  [/\b[a-z]+crm\b/, 'CRM'],
  [/\bxero\b/, 'Xero'],
  [/\bacrobat\b|\badobe\b/, 'Adobe Acrobat'],
  [/\bchrome\b/, 'Chrome'],
  [/\bedge\b/, 'Edge'],
  [/\bfortigate\b|\bforticlient\b|\bfortinet\b/, 'FortiGate'],
  [/\bsonicwall\b|\bnetextender\b/, 'SonicWall'],
  [/\bmeraki\b/, 'Meraki'],
  [/\bunifi\b/, 'UniFi'],
  [/\bveeam\b/, 'Veeam'],
  [/\bdatto\b/, 'Datto'],
  [/\bhyper-?v\b/, 'Hyper-V'],
  [/\besxi?\b|\bvcenter\b|\bvmware\b|\bvsphere\b/, 'VMware'],
  [/\bsql server\b|\bmssql\b|\bsql\b/, 'SQL Server'],
  [/\bgmail\b|google workspace|\bg ?suite\b/, 'Google Workspace'],
  [/\bazure\b|\bresource groups?\b|\barm templates?\b/, 'Azure'],
  [/\baws\b|\bec2\b|\bs3\b/, 'AWS'],
  [/\bninja(?:one|rmm)?\b|\bdatto rmm\b|\bautomate\b|\bn-?able\b|\bscreenconnect\b/, 'RMM'],
  [/\bbitlocker\b/, 'BitLocker'],
  [new RegExp(`\\b(?:${NAMED_PRODUCTS})\\b`), 'named product'],
  [/\bdefender\b/, 'Defender'],
  [
    new RegExp(
      `\\bprinter\\b|\\bprint\\b|\\bmfp\\b|\\bcopier\\b|\\bscanner\\b|\\b(?:office|laser|desk|page)jet\\b|\\b(?:${PRINTER_MAKERS})\\b`,
    ),
    'printer',
  ],
  [/\bsafe ?links\b|\bsafe attachments\b|\bmimecast\b|\bproofpoint\b|\bsmartscreen\b/, 'mail security'],
  [/\bwindows update\b|\bwsus\b/, 'Windows Update'],
  // The screen a user signs in at names the system as well as a product would.
  [
    /\b(?:windows|pc|laptop) (?:log ?on|log ?in|sign[- ]?in)\b|\b(?:log ?on|log ?in|sign[- ]?in|lock) screen\b/,
    'Windows sign-in',
  ],
  [/\bvpn\b|\banyconnect\b|\bglobalprotect\b/, 'VPN'],
  [/\bwi-?fi\b|\bssid\b|\bwireless\b/, 'Wi-Fi'],
  [
    /\bnas\b|\biis\b|\bodbc\b|\bjamf\b|\bn-?central\b|\bn-?sight\b|\brd ?gateway\b|\brds\b|\bremote desktop\b|\berp\b|\bsiris\b|\bnps\b|\bdfsr\b|\bsysvol\b|\bwsus\b|\bvss\b|\bdhcp\b|\bdns\b|\bactive directory\b|\bgpo\b/,
    'infrastructure',
  ],
];

const OS: [RegExp, string][] = [
  [/\bwindows server\b|\bserver 20(?:08|12|16|19|22|25)\b/, 'Windows Server'],
  [/\bwin(?:dows)? ?11\b/, 'Windows 11'],
  [/\bwin(?:dows)? ?10\b/, 'Windows 10'],
  [
    // "mac address", "mac filter" and "mac table" are the network's, not the OS.
    /\bmac ?os\b|\bmacbooks?\b|\bimacs?\b|\bmacs?\b(?! ?(?:address|filter|table))|\bsonoma\b|\bsequoia\b|\bventura\b|\bmonterey\b/,
    'macOS',
  ],
  [/\bipad ?os\b|\bipad\b/, 'iPadOS'],
  [/\bios\b|\biphone\b/, 'iOS'],
  [/\bandroid\b|\bsamsung\b|\bpixel\b/, 'Android'],
  [/\blinux\b|\bubuntu\b/, 'Linux'],
];

const VERSION =
  /\b(?:(?:windows|win|server|esxi|vcenter|ios|ipados|macos|android|outlook|office|sql server|sql|express|quickbooks|exchange|iis|driver|workstation|veeam|fortios|sonicos|java|chrome|edge)\s+(?:20\d\d|\d{1,2}(?:\.\d+){0,2}|\d{2}h\d)(?:\s+\d{2}h\d)?|\d{2}h\d|build\s+[\d.]+|version\s+[\d.]+|v\d+(?:\.\d+)+|20(?:0[38]|1[0-9]|2[0-5])(?: r2)?)\b/gi;

const SCOPE_ONE =
  /\b(?:only (?:one|1|this|her|him|the one|a single)|just (?:one|1|this|her|him|me)|single user|one user|1 user|one (?:person|laptop|pc|machine|computer|device|mailbox)|only (?:user|person|her|him|me)|nobody else|no one else|only affects? (?:her|him|one|me)|(?:for|on|affects?|affecting) (?:just |only )?one (?!(?:second|minute|hour|day|week|month|year|time|moment|more|last|drive|note)s?\b)[a-z]+(?: [a-z]+)?(?=\s*(?:$|[.,;!?]|and\b|but\b|so\b))|(?:for|on|from) (?:the|her|his|their|one|a|this|my) (?:\w+ )?(?:pc|laptop|computer|machine|mac|macbook|desktop|workstation|phone|iphone))\b/;
const SCOPE_ALL =
  /\b(?:every(?:one|body)|for anyone|all (?:of )?(?:the |our )?(?:\w+ )?(?:users|staff|us|pcs|computers|machines|devices|mailboxes|sites|printers|vms|servers|hosts|endpoints|clients|aps|laptops|macs|ipads|phones)|all of (?:finance|accounts|sales|hr|marketing|reception|the \w+)|whole (?:office|site|company|team|building|floor)|entire (?:office|site|company|team|building)|nobody (?:can|in)|no one (?:can|in)|company[- ]wide|office[- ]wide|site[- ]wide|every (?:join|session|meeting|call)s?)\b/;
const SCOPE_SEVERAL =
  /\b(?:several|multiple|many|some|a few|a couple of|both|\d{1,4}(?: of (?:the |our )?)?) (?:\w+ ){0,2}(?:users|people|staff|pcs|computers|laptops|machines|devices|mailboxes|sites|printers|vms|employees|phones|macs|ipads|endpoints|hosts|servers|aps|switches|tablets|desktops|workstations|clients|agents|nodes|dcs|mr\d+s|mx\d+s)\b|\b(?:users|people|staff|employees|pcs|laptops|phones|macs|ipads|devices|machines|workstations)\b|\b(?:the )?\w+ team\b|\b(?:in|for) (?:accounts|finance|sales|hr|marketing|reception|payroll)\b|\bat the (?:warehouse|office|branch|site|factory|shop|store|clinic|depot)\b/;

/** A program's name as typed on a command line ("salt-minion", "santactl", "pve.cfg"). */
const PROGRAM = '([a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*)';

/**
 * A command typed with its options ("salt-minion -l debug", "wsl --install"): the program names the
 * system as a product would, though it may be one the lists above do not know.
 */
const COMMAND_RUN = new RegExp(`(?:^|[\\s'"\`(])${PROGRAM}\\s+--?[a-z][a-z0-9-]*(?=[\\s'"\`)=,.;:]|$)`, 'g');

/**
 * A command quoted in backticks (`santactl status`): its program is the system the tech is on. A
 * quoted message ("`access denied: …`", a colon, a second line, a long span) names no program.
 */
const QUOTED_COMMAND = new RegExp(`\`${PROGRAM}(?=[\\s\`])[^\`:\\n]{0,60}\``, 'g');

/** A quoted message ('…', "…", “…”) or the text after "error:" / "says" / "fails with". */
const MESSAGE =
  /['"“‘]([^'"”’\n]{12,300})['"”’]|\b(?:error|says|saying|shows|reads|message)\s*[:-]\s*([^\n]{12,200})|\bfails? with\s+([^\n.]{12,200})/gi;

/** The tech says the scope is not known yet: the question is still worth asking. */
const SCOPE_UNKNOWN =
  /\b(?:not sure|no idea|unsure|don'?t know|unknown) (?:how many|who|if (?:anyone|others))\b/;

/** "user can't…", "her laptop", "jsmith's mailbox": one person, though nobody said "only". */
const SCOPE_ONE_IMPLIED =
  /^\s*(?:a |the |one |my |our )?(?:user|client|customer|staff member|employee|manager|director|ceo|receptionist|laptop|pc|desktop|printer|server|vm|tablet|iphone|phone|mac|imac|macbook)\b|\b(?:she|he|her|his|him|my|i)\b|\b\w+'s (?:laptop|pc|computer|phone|iphone|mac|macbook|mailbox|account|profile)\b|\ba user\b|\b(?:reception|front desk|this|that|one) (?:\w+ )?(?:pc|laptop|computer|tablet|iphone|phone|mac|box|server|host|vm|printer|site|library|mailbox|instance|node|agent)\b|\b(?:[a-z]{2,4}-?\d{1,3})\b(?<!\b(?:win|ios|esxi|sql|v|r|u|p|h|mx|mr|ms)\d+)|\bfor [a-z]{3,12} only\b/;

/** Error identifiers clouds and SDKs print: SkuNotAvailable, UnauthorizedOperation, DeviceCapReached. */
const ERROR_IDENTIFIER = /\b[A-Z][a-z]+(?:[A-Z][a-z0-9]+){2,}\b/g;

const SINCE =
  /\b(?:since|started|starting|began|beginning|after|as of)\b[^.,;:\n]{0,50}|\b(?:this morning|yesterday|last (?:night|week|month)|today|on monday|on tuesday|on wednesday|on thursday|on friday)\b|\b(?:an?|\d+|few|couple of) (?:minutes?|hours?|days?|weeks?|months?) ago\b|\b(?:swapped|replaced|changed|updated|upgraded|installed|moved|migrated|turned on|enabled|disabled|added|removed|rolled out|renewed)\b[^.\n]{0,80}\bnow\b/;

const TRIED =
  /\b(?:tried|already|have (?:rebooted|restarted|reinstalled|cleared|reset|recreated|removed|re-?added|repaired)|rebooted|restarted|reinstalled|recreated|cleared|re-?imaged|re-?added|ran|did an?|reset (?:the|his|her|their))\b[^.;\n]{0,80}/g;

/** Reads what the intake already says. Deterministic; the patterns name how techs write. */
export function extractIntakeFacts(text: string): IntakeFacts {
  const t = text.toLowerCase();
  const pick = (list: [RegExp, string][]) => list.filter(([re]) => re.test(t)).map(([, name]) => name);
  // Explicit words first ("everyone", "only her"), then plurals, then a single person implied.
  const scope = SCOPE_UNKNOWN.test(t)
    ? null
    : SCOPE_ALL.test(t)
      ? 'all'
      : SCOPE_ONE.test(t)
        ? 'one'
        : SCOPE_SEVERAL.test(t)
          ? 'several'
          : SCOPE_ONE_IMPLIED.test(t)
            ? 'one'
            : null;
  return {
    codes: extractErrorCodes(text),
    messages: [
      ...[...text.matchAll(MESSAGE)]
        .map((m) => (m[1] ?? m[2] ?? m[3] ?? '').trim())
        .filter((m) => m.length >= 12),
      ...(text.match(ERROR_IDENTIFIER) ?? []),
    ],
    // The engine's vendor families (products.ts) name the system too; the platform families are left
    // out, as their names ("windows", "mac", "android") are the OS or the device, read below.
    products: [
      ...new Set([
        ...pick(PRODUCTS),
        ...[...productsNamed(text)].filter((f) => !PLATFORM_FAMILIES.has(f)),
        ...[...t.matchAll(COMMAND_RUN)].map((m) => m[1]!),
        ...[...t.matchAll(QUOTED_COMMAND)].map((m) => m[1]!),
      ]),
    ],
    versions: [...new Set([...text.matchAll(VERSION)].map((m) => m[0].trim()))],
    os: pick(OS)[0] ?? null,
    scope,
    since: SINCE.exec(t)?.[0]?.trim() ?? null,
    tried: [...t.matchAll(TRIED)].map((m) => m[0].trim()),
  };
}

/** Vendor families of products.ts whose names are platforms rather than the system a problem is about. */
const PLATFORM_FAMILIES = new Set(['microsoft', 'apple', 'google']);

const ASKS: [Ask, RegExp][] = [
  [
    'error_code',
    /\b(?:error (?:code|message|text|number)|exact (?:error|message|wording|code)|(?:which|what) (?:error|code|message)|paste the (?:exact )?error|status code|ndr code|stop code|what does (?:the|it) (?:\w+ ){0,3}(?:report|say|show))\b/,
  ],
  [
    'scope',
    /\b(?:who is affected|how many (?:users|people|devices|computers|machines)|one user or|(?:all|several|multiple) users or|only (?:this|one) user|everyone or|is it just|affect(?:s|ed)? (?:everyone|all|other|more)|other (?:users|people|computers|devices) (?:have|see|also|affected)|(?:just|only) (?:this|one) (?:user|device|computer|pc|machine))\b/,
  ],
  [
    'since',
    /\b(?:when did (?:it|this|the problem) (?:start|begin)|since when|did anything change|what changed|recent(?:ly)? change)/,
  ],
  ['tried', /\b(?:what (?:has|have you|did you) (?:already )?(?:been )?tried|tried so far)\b/],
  ['version', /\b(?:which|what) (?:version|build)\b/],
  ['os', /\b(?:which|what) (?:operating system|os)\b/],
  [
    'product',
    /\b(?:which|what) (?:system|application|app|product|software|program) is (?:involved|affected)\b/,
  ],
];

/** What a question asks for, read from its text. */
export function asksFor(questionText: string): Ask[] {
  const t = questionText.toLowerCase();
  return ASKS.filter(([, re]) => re.test(t)).map(([ask]) => ask);
}

/** Whether the intake already answers this kind of question. */
export function intakeGives(facts: IntakeFacts, ask: Ask): boolean {
  switch (ask) {
    case 'error_code':
      return facts.codes.length > 0 || facts.messages.length > 0;
    case 'scope':
      return facts.scope !== null;
    case 'since':
      return facts.since !== null;
    case 'product':
      return facts.products.length > 0;
    case 'version':
      return facts.versions.length > 0;
    case 'os':
      return facts.os !== null;
    case 'tried':
      return facts.tried.length > 0;
  }
}

/** The option of a scope question that the intake's scope answers, if one clearly does. */
export function optionForScope<T extends { label: string }>(
  scope: IntakeFacts['scope'],
  options: T[],
): T | undefined {
  if (!scope) return undefined;
  const one = /\b(?:only|just|one|single|this user|this (?:device|computer|pc|machine)|no\b)/i;
  const many = /\b(?:all|every|several|multiple|many|other|others|more than one|whole|yes\b)/i;
  const fits = options.filter((o) =>
    scope === 'one'
      ? one.test(o.label) && !many.test(o.label)
      : many.test(o.label) && !/\bonly\b/i.test(o.label),
  );
  return fits.length === 1 ? fits[0] : undefined;
}
