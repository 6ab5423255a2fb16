/**
 * Vendors' product families, named as techs and item titles name them. When an intake names a product
 * and an item's title names only others ("office.com says account locked" against Atlassian's lockout,
 * "OPNsense captive portal" against Cloudflare WARP's), the item answers a neighbouring product's
 * problem that merely shares the words. Generic words ("drive", "box", "teams" alone would be) and
 * protocols (SMB, IMAP) are left out: they name no vendor.
 */
const FAMILIES: Record<string, RegExp> = {
  microsoft:
    /\b(?:microsoft|outlook|exchange|exo|owa|ms ?teams|teams (?:meeting|call|chat|channel|app|client|admin)|sharepoint|spo|onedrive|office ?365|o365|m365|365|office\.com|word online|excel|powerpoint|entra|azure|aad|intune|windows|win ?(?:7|8|10|11)|hyper-v|active directory|sql server|defender|bitlocker|autopilot|skype|dynamics)\b/i,
  apple:
    /\b(?:apple|macs?|mac ?os|macbooks?|imacs?|iphones?|ipads?|ios|ipados|icloud|time machine|keychain)\b/i,
  // Google's public DNS resolver is a network detail, not a Google product the problem is about.
  google: /\b(?:google(?! (?:public )?dns)|gmail|chrome|chromebooks?|android)\b/i,
  atlassian: /\b(?:atlassian|jira|confluence|bitbucket|trello)\b/i,
  fortinet: /\b(?:fortinet|forti(?:gate|client|ap|switch|analyzer|adc|os|manager|token))\b/i,
  sonicwall: /\bsonicwall\b/i,
  meraki: /\bmeraki\b/i,
  cisco: /\b(?:anyconnect|cisco asa|webex)\b/i,
  ubiquiti: /\b(?:ubiquiti|unifi)\b/i,
  paloalto: /\b(?:palo alto|globalprotect|pan-os)\b/i,
  sophos: /\bsophos\b/i,
  watchguard: /\bwatchguard\b/i,
  opnsense: /\bopnsense\b/i,
  pfsense: /\bpfsense\b/i,
  pihole: /\bpi-?hole\b/i,
  cloudflare: /\b(?:cloudflare|warp)\b/i,
  docker: /\b(?:docker|portainer)\b/i,
  nextcloud: /\bnextcloud\b/i,
  owncloud: /\bowncloud\b/i,
  seafile: /\bseafile\b/i,
  syncthing: /\bsyncthing\b/i,
  dropbox: /\bdropbox\b/i,
  rclone: /\brclone\b/i,
  restic: /\brestic\b/i,
  borg: /\bborg(?:backup)?\b/i,
  kopia: /\bkopia\b/i,
  duplicati: /\bduplicati\b/i,
  urbackup: /\burbackup\b/i,
  veeam: /\bveeam\b/i,
  datto: /\bdatto\b/i,
  acronis: /\bacronis\b/i,
  proxmox: /\bproxmox\b/i,
  truenas: /\b(?:truenas|freenas)\b/i,
  synology: /\bsynology\b/i,
  qnap: /\bqnap\b/i,
  vmware: /\b(?:vmware|esxi|vcenter|vsphere)\b/i,
  rustdesk: /\brustdesk\b/i,
  meshcentral: /\bmeshcentral\b/i,
  tacticalrmm: /\b(?:tactical ?rmm|trmm)\b/i,
  ninjaone: /\b(?:ninjaone|ninjarmm)\b/i,
  nable: /\b(?:n-able|n-central|n-sight)\b/i,
  connectwise: /\b(?:connectwise|screenconnect)\b/i,
  teamviewer: /\bteamviewer\b/i,
  anydesk: /\banydesk\b/i,
  guacamole: /\bguacamole\b/i,
  netbird: /\bnetbird\b/i,
  tailscale: /\b(?:tailscale|headscale)\b/i,
  zerotier: /\bzerotier\b/i,
  okta: /\bokta\b/i,
  duo: /\bduo (?:mobile|push|security|prompt|admin)\b/i,
  jumpcloud: /\bjumpcloud\b/i,
  keycloak: /\bkeycloak\b/i,
  authentik: /\bauthentik\b/i,
  freeipa: /\bfreeipa\b/i,
  bitwarden: /\b(?:bitwarden|vaultwarden)\b/i,
  onepassword: /\b1password\b/i,
  lastpass: /\blastpass\b/i,
  keeper: /\bkeeper (?:vault|security|admin)\b/i,
  passbolt: /\bpassbolt\b/i,
  zoom: /\bzoom (?:meeting|client|app|call|rooms?|phone|workplace)\b/i,
  slack: /\bslack\b/i,
  mattermost: /\bmattermost\b/i,
  rocketchat: /\brocket\.?chat\b/i,
  zulip: /\bzulip\b/i,
  jitsi: /\bjitsi\b/i,
  wazuh: /\bwazuh\b/i,
  crowdsec: /\bcrowdsec\b/i,
  adobe: /\b(?:adobe|acrobat|creative cloud)\b/i,
  intuit: /\b(?:quickbooks|intuit)\b/i,
  sage: /\bsage (?:50|200|accounts|payroll|intacct)\b/i,
  xero: /\bxero\b/i,
  grafana: /\bgrafana\b/i,
  zabbix: /\bzabbix\b/i,
  gitlab: /\bgitlab\b/i,
  github: /\bgithub\b/i,
  zammad: /\bzammad\b/i,
  glpi: /\bglpi\b/i,
  osticket: /\bosticket\b/i,
  snipeit: /\bsnipe-?it\b/i,
  aws: /\b(?:aws|amazon web services|ec2)\b/i,
  mozilla: /\b(?:firefox|thunderbird)\b/i,
};
const FAMILY_NAMES = Object.keys(FAMILIES);

/** The product families a text names. */
export function productsNamed(text: string): Set<string> {
  return new Set(FAMILY_NAMES.filter((f) => FAMILIES[f]!.test(text)));
}

/** Whether an item titled with `item`'s products answers a problem naming `intake`'s: false only when both name some and share none. */
export function sameProduct(intake: ReadonlySet<string>, item: ReadonlySet<string>): boolean {
  if (!intake.size || !item.size) return true;
  for (const p of item) if (intake.has(p)) return true;
  return false;
}
