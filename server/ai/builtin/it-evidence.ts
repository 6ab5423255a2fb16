import { PRINTER_MAKERS } from './products';
import { extractIntakeFacts } from './intake-facts';

/**
 * Whether an intake is about an IT thing at all, read from its words. The library is large enough
 * that almost any sentence shares a word or two with some runbook ("room", "card", "update"), so
 * the retrieval score alone cannot tell "the radiator in meeting room 3 is cold" from a real
 * problem. The gate in knowledge.ts weighs this evidence against the non-IT topic vocabulary.
 */

/** Devices, systems, products and IT concepts: the things a helpdesk ticket is about. */
const IT_OBJECT = new RegExp(
  '\\b(?:' +
    [
      // devices and peripherals
      'computers?|pcs?|laptops?|desktops?|workstations?|notebooks?|macbooks?|imacs?|macs?|ipads?|iphones?|android|tablets?|chromebooks?|surface',
      'phones?|mobiles?|smartphones?|handsets?|softphones?|voip|sip|dial tone|voicemails?|extensions?|video calls?|conference calls?|(?:incoming|outgoing|inbound|outbound) calls?|main (?:phone )?number|3cx|ringcentral|yealink|polycom|mitel',
      'monitors?|screens?|displays?|keyboards?|mice|mouse|headsets?|webcams?|cameras?|docks?|docking|usb|thumb ?drives?|hdmi|bluetooth',
      `printers?|print(?:s|ing|ed|outs?)?|scanners?|scan(?:s|ning|ned)?|copiers?|mfps?|toner|pritner|hp|${PRINTER_MAKERS}|dell|lenovo`,
      // infrastructure
      'servers?|nas|san|switch(?:es)?|routers?|firewalls?|modems?|access points?|w?aps?|ups|nics?|adapters?|ports?|cables?|hotspot|sim|cluster|nodes?|hosts?|dcs?|domain controllers?',
      'network|networks|connections?|lan|wan|vlans?|wifi|wi-fi|wfi|wireless|ssid|internet|broadband|vpn|tunnel|ethernet|dns|dhcp|ips?|proxy|gateway',
      'domains?|websites?|web ?site|web ?pages?|web ?forms?|online forms?|urls?|https?|browsers?|chrome|edge|firefox|safari|speed ?test|mbps|bandwidth',
      // a sign-in session that ends by itself: only software has those
      'sessions? (?:expired|expires|expiring|keeps expiring|timed? ?out|times out)',
      // mail, collaboration, files
      'e-?mail(?:s|ing|ed)?|mail|mailbox(?:es)?|inbox|outlook|outlok|owa|webmail|calendar|diary|invites?|auto ?repl(?:y|ies)|automatic replies|out of office',
      'teams?|zoom|slack|sharepoint|onedrive|drives?|folders?|files?|shares?|quarantine|phish(?:ing)?|spam|links?|attachments?|pdfs?',
      // software and accounts
      'users?|devices?|hardware|disks?|storage|ssd|memory|cpu|battery|apps?|applications?|software|programs?|system|portal|tiles?|account|user accounts?|sso|saml|token|scripts?|powershell|registry|services?|passwords?|passcode|pin|credentials',
      'log ?in|login|logon|log on|sign(?:ed|ing)? ?in|signin|mfa|2fa|authenticator|username|licen[cs]es?|profile',
      'office ?365|m365|o365|microsoft|windows|start menu|updates?|upgrade|backups?|antivirus|av|virus|malware|ransomware',
      'excel|word|spreadsheets?|database|sql|erp|crm|vms?|virtual|citrix|remote desktop|rdp|rds|take control|agents?|endpoints?',
      'certificate|cert|ssl|tls|sync(?:ing|ed)?|cloud|azure|aws|gmail|google|quickbooks|qb|sage|xero|adobe|acrobat',
      'drivers?|bios|boot|reboot(?:ing)?|restart|install(?:er|ed)?|tenant|admin|active directory|ad|gpo|entra|intune|mdm|kerberos',
      'veeam|datto|acronis|synology|hyper-v|esxi|vmware|meraki|fortigate|forti\\w*|sonicwall|wireguard|pfsense|ninja|n-able|bitlocker',
      'event ?(?:id ?)?\\d+|event ids?|event logs?|event viewer|logs?|ldap|dcdiag|vssadmin|csv',
      // the tools and terms a tech types when that is all the ticket names
      'nslookup|tracert|traceroute|ipconfig|netsh|gpupdate|gpresult|chkdsk|sfc|dism|robocopy|pagefile|fsrm|apple ?id|icloud|ip address(?:es)?',
      // shop-floor and meeting-room kit that sits on the network
      'card (?:terminals?|machines?|readers?)|payment terminals?|clickshare|auto ?attendant|conference (?:kit|phone|system)s?',
    ].join('|') +
    ')\\b',
  'i',
);

/**
 * An IT word used to name a non-IT thing ("the printer room", "a laptop bag", "my phone number",
 * "our computer supplier", "the phone bill", "my parking permit account", "my account with the pension
 * provider"), an everyday errand ("print 50 copies"), a furnishing placed by one ("the cupboard next
 * to the printer"), only the way a paper travels ("send the invoice by email", "the invoice you
 * emailed us") or the glass in a wall ("the windows getting cleaned"). Removed before looking for IT
 * objects, so the word does not count.
 */
const NON_IT_COMPOUND =
  /\b(?:printer|print|laptop|computer|phone|mobile|server|network|software|it|projector|tv|microsoft|account|sales) (?:room|bag|strap|paper|number|charger|supplier|company|cabinet|contract|stand|rep|shop|screen|manager|bill|invoice|budget|cost|quote|subscription)s?\b|\bprint(?:ed)? (?:\d+|some|a few|a couple of|more) (?:copies|sets)\b|\b(?:parking|permit|gym|pension|bank|loyalty|mileage|membership|library) accounts?\b|\b(?:accounts?|passwords?|pins?|codes?) (?:with|at|for|to) (?:the |my |our )?(?:parking|permit|gym|pension|bank|loyalty|membership|library|lockers?)\b|\b(?:cupboard|cabinet|drawer|door|desk|window|blinds?|plants?|bins?|chairs?|table|fridge|radiator|shelf|shelves|lamp|heater|kettle|microwave|coat rack|notice ?board)s? (?:next to|beside|behind|opposite|near) (?:the |our |my )?(?:tv |pc |computer )?(?:printers?|copiers?|servers?|computers?|pcs?|laptops?|screens?|projectors?|tvs?|phones?)\b|\b(?:by|via|over) e-?mail\b|\be-?mailed (?:us|me|them|him|her|over|across)\b|\bwindows (?:(?:getting|being|were|are|get) )?(?:cleaned|washed|cleaners)\b|\b(?:clean|wash)(?:ed|ing)? the windows\b/gi;

/**
 * A web app's page or form names an IT thing only when something fails on it ("the timesheet page is
 * just blank", "the holiday request form says something went wrong"); "page 3 of the handbook" or "the
 * expenses form needs a receipt" name nothing IT.
 */
const APP_SCREEN = /\b(?:pages?|forms?|intranet)\b/i;
/** How software fails on a screen; "the form doesn't give an address" is not one of them. */
const APP_FAILURE =
  /\b(?:blank|hangs?|hanging|spins|spinning|frozen|freez(?:es|ing)|crash(?:es|ed|ing)?|errors?|(?:something )?went wrong|won'?t (?:load|submit|save|open)|not (?:loading|submitting|saving)|times? out|timed out|timing out)\b/i;

/**
 * A building device's own part, named later in the same sentence: the device is kept, the part
 * dropped, and anything named between them still counts.
 */
const ownPart = (devices: string, parts: string) =>
  new RegExp(`\\b(${devices})\\b([^.?!]{0,100}?)\\b(?:${parts})\\b`, 'gi');

/**
 * A building appliance's own display or buttons ("the lift is stuck with an error on the little
 * display", "the coffee machine screen says descale"): not a screen the helpdesk looks after.
 */
const APPLIANCE_DISPLAY = ownPart(
  'lifts?|elevators?|coffee machines?|vending machines?|boilers?|thermostats?|fridges?|microwaves?|ovens?|dishwashers?|kettles?|water coolers?|barriers?',
  '(?:little |small |front )?(?:displays?|screens?|panels?|keypads?|buttons?)',
);

/**
 * A safety device's own battery ("the defibrillator keeps beeping, I think the battery needs
 * changing"): the building's to replace.
 */
const SAFETY_DEVICE_BATTERY = ownPart(
  'defibrillators?|smoke (?:alarms?|detectors?)|fire alarms?|carbon monoxide alarms?',
  'batter(?:y|ies)',
);

/**
 * A failure of a system: what a technician reports. Deliberately no "broken", "stuck", "says",
 * "keeps" on their own: doors stick, chairs break and bins keep overflowing too. Nor "doesn't say"
 * ("the invite email doesn't say where it is"): a message that leaves something out is not failing.
 */
const IT_FAILURE =
  /\b(?:can'?t|cannot|can not|unable|won'?t|wont|will not|(?:doesn'?t|does not)(?! (?:say|mention|tell|state|specify|explain)\b)|isn'?t|is not|not (?:working|opening|loading|syncing|connecting|printing|showing|receiving|sending|responding|detected|found|available|arriving|starting|booting|updating|ringing)|(?:is|are)n'?t ringing|dead|unstable|beep(?:s|ing)?|stops|overwr(?:ote|itten)|(?:paper )?jam(?:s|med)?|log(?:s|ging)? (?:me|us|them|her|him) out|logged out|kicks? (?:me|us|them|her|him) out|goes nowhere|nothing (?:comes out|happens|prints)|fail(?:s|ed|ing|ure)?|errors?|crash(?:es|ed|ing)?|stopped|keeps (?:asking|prompting|crashing|freezing|dropping|disconnecting|failing|flipping|rebooting)|dropping|drops|disconnect(?:s|ed|ing)?|offline|slow|locked|lockout|expired|denied|blocked|missing|disappeared|hangs?|hanging|frozen|freez(?:es|ing)|blank|black screen|blue screen|bsod|bounc(?:e|es|ed|ing)|rejected|quarantined|prompts?|warnings?|corrupt(?:ed)?|flicker(?:s|ing)?|spins|spinning|lost|full(?![- ](?:day|time|week|name|size|screen))|disabled|vanished|gone missing|went missing|(?:is|are|went|gone) down|(?:something )?went wrong|times? out|timed out|timing out|dropped (?:off|out)|(?:has ?n[o']t|not) been shared|no (?:sound|audio|internet|network|signal|service|dial tone|connection|access|traffic|login|logon|messages))\b/i;

export type ItEvidence = 'symptom' | 'context' | 'object' | 'none';

/**
 * "symptom": an IT thing and a failure are named ("payroll portal says account locked"), so the
 * business words around it (payroll, HR, invoices) are context, not the request.
 * "context": a failure is named, but only after a request that is about something else ("how much
 * leave have I got left, the HR portal won't load").
 * "object": an IT thing is named but nothing fails ("check the grammar in my email").
 * "none": no IT thing named at all.
 */
export function itEvidence(text: string): ItEvidence {
  const t = text
    .replace(NON_IT_COMPOUND, ' ')
    .replace(APPLIANCE_DISPLAY, '$1$2 ')
    .replace(SAFETY_DEVICE_BATTERY, '$1$2 ');
  const screens = wordPositions(t, APP_SCREEN).filter(near(wordPositions(t, APP_FAILURE)));
  const objects = [...wordPositions(t, IT_OBJECT), ...screens];
  if (!objects.length) {
    // An error code or a product the intake reader knows (intake-facts.ts) names an IT thing too.
    const facts = extractIntakeFacts(t);
    return facts.codes.length || facts.products.length || facts.os ? 'object' : 'none';
  }
  if (SUSPICION.test(t)) return 'symptom';
  // The failure must be about the IT thing, not about something else in the sentence: "my expense
  // claim got rejected, the receipts were attached to the email" names an email but nothing fails in it.
  if (!objects.some(near(wordPositions(t, IT_FAILURE))))
    // A thank-you note names what was fixed; nothing is asked of the helpdesk.
    return GRATITUDE.test(t) ? 'none' : 'object';
  // Mail puts its request first. When the opening clause asks for something that names no IT thing
  // ("can someone tell me how much leave I have left, the HR portal won't load"), the failure
  // after it may be mere context: a non-IT topic as strong as the IT match decides.
  const opening = openingRequest(t);
  return opening && !IT_OBJECT.test(opening) && !IT_FAILURE.test(opening) && !HELP.test(opening)
    ? 'context'
    : 'symptom';
}

const GRATITUDE =
  /^\s*(?:(?:hi|hello|hey)\b[\s\w]{0,20}?[,!.-]?\s*)?(?:thanks|thank you|many thanks|cheers|much appreciated|just (?:a quick note|wanted) to say (?:thanks|thank you))\b/i;

/** Asking for hands-on help with a thing ("need someone to look at the card machine"): an IT request. */
const HELP =
  /\b(?:look at|looking at|fix|check|sort(?: out)?|repair|reset|set ?up|install|configure|investigate|troubleshoot)\b/i;

/** The first clause of a message, greeting dropped, when it asks for something; null otherwise. */
function openingRequest(text: string): string | null {
  const body = text.replace(GREETING, '');
  const clause = body.split(/[,.;:?!]|\s(?:but|as|because)\s/i)[0]!.trim();
  return clause.split(/\s+/).length >= 4 && REQUEST.test(clause) ? clause : null;
}

/** "hi,", "hello team -", "hi john,", "hey" before the request itself. */
const GREETING =
  /^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon))\b(?:\s+\w+)?\s*[,!:-]\s*|^\s*(?:hi|hello|hey)\s+/i;

/** How a request opens: a question or a plea, not a report ("laptop won't start"). */
const REQUEST =
  /^(?:can|could|would|will|please|pls|plz|who|how|what|where|when|is there|are there|do i|do we|does|i'?d like|i would like|i want|i need|we need|need)\b/i;

/** How close (in words) a failure must be to an IT thing to be its failure. */
const NEAR_WORDS = 6;

/**
 * Doubt about a message or link is a security report wherever it sits in the sentence. "Looks off"
 * is doubt only about a message ("the sender looks off"); a figure that looks off ("the HR portal
 * number looks off") is a question for whoever keeps it.
 */
const SUSPICION =
  /\b(?:fake|dodgy|suspicious|scam|spoofed|phishy|(?:e-?mail|mail|message|text|link|sender|address|attachment|invoice|site|page)s? (?:\w+ )?looks? off|clicked (?:on )?(?:a |an |the )?(?:\w+ )?link|ransom\w*|bitcoin|files (?:are|were|have been|got) encrypted)\b/i;

/** Whether a word position lies within NEAR_WORDS of one of these positions. */
const near = (positions: number[]) => (p: number) => positions.some((q) => Math.abs(q - p) <= NEAR_WORDS);

/** Word index of every match of a pattern. */
function wordPositions(text: string, pattern: RegExp): number[] {
  const global = new RegExp(pattern.source, 'gi');
  return [...text.matchAll(global)].map((m) => text.slice(0, m.index).split(/\s+/).length - 1);
}
