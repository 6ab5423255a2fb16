/**
 * Vendors' product families, named as techs and item titles name them. When an intake names a product
 * and an item's title names only others ("office.com says account locked" against Atlassian's lockout,
 * "OPNsense captive portal" against Cloudflare WARP's), the item answers a neighbouring product's
 * problem that merely shares the words. Generic words ("drive", "box", "teams" alone would be) and
 * protocols (SMB, IMAP) are left out: they name no vendor.
 */

/** Printer and copier makers: techs name the device by its maker ("the ricoh jams again"). */
export const PRINTER_MAKERS = 'brother|canon|ricoh|kyocera|xerox|epson|lexmark|konica';

/** Each family's names, as regular expressions matched as whole words, case-insensitive. */
const FAMILIES: Record<string, string[]> = {
  microsoft: [
    'microsoft',
    'outlook',
    'exchange',
    'exo',
    'owa',
    'ms ?teams',
    'teams (?:meeting|call|chat|channel|app|client|admin)',
    'sharepoint',
    'spo',
    'onedrive',
    'office ?365',
    'o365',
    'm365',
    '365',
    'office\\.com',
    'word online',
    'excel',
    'powerpoint',
    'entra',
    'azure',
    'aad',
    'intune',
    'windows',
    'win ?(?:7|8|10|11)',
    'hyper-v',
    'active directory',
    'sql server',
    'defender',
    'bitlocker',
    'autopilot',
    'skype',
    'dynamics',
    'onenote',
    'wsl',
    'usmt',
    'fsrm',
    'applocker',
    'directaccess',
    'mabs',
    'power (?:automate|apps|bi)',
  ],
  apple: [
    'apple',
    'macs?',
    'mac ?os',
    'macbooks?',
    'imacs?',
    'iphones?',
    'ipads?',
    'ios',
    'ipados',
    'icloud',
    'time machine',
    'keychain',
  ],
  // Google's public DNS resolver is a network detail, not a Google product the problem is about.
  google: ['google(?! (?:public )?dns)', 'gmail', 'chrome', 'chromebooks?', 'android'],
  atlassian: ['atlassian', 'jira', 'confluence', 'bitbucket', 'trello'],
  fortinet: ['fortinet', 'forti(?:gate|client|ap|switch|analyzer|adc|os|manager|token)'],
  sonicwall: ['sonicwall'],
  meraki: ['meraki'],
  cisco: ['anyconnect', 'cisco asa', 'webex'],
  // Its consoles and hubs are typed by their short names ("the UA Hub", "our UDM Pro").
  ubiquiti: ['ubiquiti', 'unifi', 'ua[- ]?hub', 'udm(?:[- ]?pro)?', 'unvr'],
  paloalto: ['palo alto', 'globalprotect', 'pan-os'],
  sophos: ['sophos'],
  watchguard: ['watchguard'],
  opnsense: ['opnsense'],
  pfsense: ['pfsense'],
  pihole: ['pi-?hole'],
  cloudflare: ['cloudflare', 'warp'],
  docker: ['docker', 'portainer'],
  nextcloud: ['nextcloud'],
  owncloud: ['owncloud'],
  seafile: ['seafile'],
  syncthing: ['syncthing'],
  dropbox: ['dropbox'],
  rclone: ['rclone'],
  restic: ['restic'],
  borg: ['borg(?:backup)?'],
  kopia: ['kopia'],
  duplicati: ['duplicati'],
  urbackup: ['urbackup'],
  veeam: ['veeam'],
  datto: ['datto'],
  acronis: ['acronis'],
  proxmox: ['proxmox', 'pve'],
  truenas: ['truenas', 'freenas'],
  synology: ['synology'],
  qnap: ['qnap'],
  vmware: ['vmware', 'esxi', 'vcenter', 'vsphere'],
  rustdesk: ['rustdesk'],
  meshcentral: ['meshcentral'],
  tacticalrmm: ['tactical ?rmm', 'trmm'],
  ninjaone: ['ninjaone', 'ninjarmm'],
  nable: ['n-able', 'n-central', 'n-sight'],
  connectwise: ['connectwise', 'screenconnect'],
  teamviewer: ['teamviewer'],
  anydesk: ['anydesk'],
  guacamole: ['guacamole'],
  netbird: ['netbird'],
  tailscale: ['tailscale', 'headscale'],
  zerotier: ['zerotier'],
  okta: ['okta'],
  duo: ['duo (?:mobile|push|security|prompt|admin)'],
  jumpcloud: ['jumpcloud'],
  keycloak: ['keycloak'],
  authentik: ['authentik'],
  freeipa: ['freeipa'],
  bitwarden: ['bitwarden', 'vaultwarden'],
  onepassword: ['1password'],
  lastpass: ['lastpass'],
  keeper: ['keeper (?:vault|security|admin)'],
  passbolt: ['passbolt'],
  zoom: ['zoom (?:meeting|client|app|call|rooms?|phone|workplace)'],
  slack: ['slack'],
  mattermost: ['mattermost'],
  rocketchat: ['rocket\\.?chat'],
  zulip: ['zulip'],
  jitsi: ['jitsi'],
  wazuh: ['wazuh'],
  crowdsec: ['crowdsec'],
  adobe: ['adobe', 'acrobat', 'creative cloud'],
  intuit: ['quickbooks', 'intuit'],
  sage: ['sage (?:50|200|accounts|payroll|intacct)'],
  xero: ['xero'],
  grafana: ['grafana'],
  zabbix: ['zabbix'],
  gitlab: ['gitlab'],
  github: ['github'],
  zammad: ['zammad'],
  glpi: ['glpi'],
  osticket: ['osticket'],
  snipeit: ['snipe-?it'],
  aws: ['aws', 'amazon web services', 'ec2', 'cloudfront', 'route ?53', 'lightsail'],
  mozilla: ['firefox', 'thunderbird'],
  traefik: ['traefik'],
  caddy: ['caddy'],
  elastic: ['elastic (?:agent|defend|stack|cloud)', 'elasticsearch', 'kibana'],
  huawei: ['huawei'],
  onespan: ['onespan', 'digipass'],
  ibm: ['ibm', 'storage protect', 'spectrum protect', 'tsm'],
  postgresql: ['postgres(?:ql)?', 'psql'],
  mysql: ['mysql', 'mariadb'],
  // Families the library holds several items on (from four to fifty), named in their ids and titles.
  openvpn: ['openvpn'],
  cups: ['cups'],
  postfix: ['postfix'],
  letsencrypt: ["let'?s ?encrypt", 'certbot'],
  samba: ['samba'],
  jamf: ['jamf'],
  paperless: ['paperless(?:-ngx)?'],
  immich: ['immich'],
  // AWX and Ansible Tower run Ansible: an item on either answers the other.
  ansible: ['ansible', 'awx', 'ansible tower'],
  chocolatey: ['chocolatey'],
  putty: ['putty'],
  jellyfin: ['jellyfin'],
  docusign: ['docusign'],
  aruba: ['aruba'],
  joplin: ['joplin'],
  // Self-hosted products the library holds several items on. Squid and the IPsec daemons (strongSwan,
  // Libreswan) are left out: techs name a proxy in passing ("all its web goes through the squid box")
  // and those daemons' items answer another vendor's IPsec tunnel too; both cost development cases.
  wordpress: ['wordpress', 'wp-admin'],
  certmanager: ['cert-manager'],
  teleport: ['teleport'],
  freeradius: ['freeradius'],
  vyos: ['vyos'],
  ntopng: ['ntopng'],
  flameshot: ['flameshot'],
  remmina: ['remmina'],
  ntfy: ['ntfy'],
  podman: ['podman', 'buildah'],
  k3s: ['k3s'],
  powerdns: ['powerdns', 'pdns'],
  rspamd: ['rspamd'],
  dovecot: ['dovecot'],
  openmediavault: ['openmediavault'],
  veracrypt: ['veracrypt'],
  redis: ['redis'],
  mongodb: ['mongodb', 'mongod'],
  unraid: ['unraid'],
  graylog: ['graylog'],
  incus: ['incus'],
  xenorchestra: ['xen orchestra', 'xoa'],
  iredmail: ['iredmail'],
  nginx: ['nginx'],
  netbox: ['netbox'],
  // Products the library now holds items on, and a spent hold-out's products whose cases led with a
  // neighbouring product's items (a Metabase mail problem with an authentik item, SuperOffice with Okta).
  jenkins: ['jenkins'],
  hashicorp: ['hashicorp', 'vagrant', 'terraform', 'vault (?:server|token|agent|operator|unseal)'],
  odoo: ['odoo'],
  bookstack: ['bookstack'],
  webmin: ['webmin'],
  suricata: ['suricata'],
  netdata: ['netdata'],
  metabase: ['metabase'],
  opensearch: ['opensearch'],
  clickhouse: ['clickhouse'],
  superoffice: ['superoffice'],
  securityonion: ['security onion'],
  longhorn: ['longhorn'],
  lxd: ['lxd', 'lxc'],
};
const PATTERNS = Object.entries(FAMILIES).map(([family, names]) => ({
  family,
  pattern: new RegExp(`\\b(?:${names.join('|')})\\b`, 'i'),
}));

/** The product families a text names. */
export function productsNamed(text: string): ReadonlySet<string> {
  return new Set(PATTERNS.filter(({ pattern }) => pattern.test(text)).map(({ family }) => family));
}

/** Whether an item titled with `item`'s products answers a problem naming `intake`'s: false only when both name some and share none. */
export function sameProduct(intake: ReadonlySet<string>, item: ReadonlySet<string>): boolean {
  if (!intake.size || !item.size) return true;
  for (const p of item) if (intake.has(p)) return true;
  return false;
}

/**
 * The products each item title names, worked out when the item first ranks and kept: only shipped
 * items' titles are asked for, so the store is bounded by the library, and titles naming the same
 * products share one set (about 170 distinct ones for 7,300 titles; a set per title took about 3 MB).
 */
export class TitleProducts {
  private readonly byTitle = new Map<string, ReadonlySet<string>>();
  private readonly shared = new Map<string, ReadonlySet<string>>();

  of(title: string): ReadonlySet<string> {
    let products = this.byTitle.get(title);
    if (!products) {
      const named = productsNamed(title);
      const key = [...named].join(' ');
      products = this.shared.get(key) ?? named;
      this.shared.set(key, products);
      this.byTitle.set(title, products);
    }
    return products;
  }
}
