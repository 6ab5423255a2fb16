import type { Runbook } from '../types';

export const m365Runbooks: Runbook[] = [
  {
    id: 'teams-sign-in-loop',
    title: 'Teams stuck in a sign-in loop or showing an error on launch',
    domain: 'm365',
    symptoms: [
      'Teams keeps asking me to sign in over and over',
      'Teams opens to a white screen then returns to the login page',
      "Teams shows We're sorry, we've run into an issue",
      'Teams desktop app will not log in but Teams in the browser works',
      'Teams sign-in spins forever after entering password',
      'Teams says something went wrong with a code starting caa',
      'Teams returns to the pick an account screen every time',
    ],
    keywords: [
      'Microsoft Teams',
      'new Teams',
      'MSTeams',
      'Teams cache',
      'WAM',
      'Web Account Manager',
      'Access work or school',
      'token broker',
      'AAD Broker Plugin',
      'sign-in loop',
    ],
    error_codes: ['caa70004', '0xCAA20003', 'caa7000a', 'caa20002', '0xCAA82EE2'],
    causes: [
      {
        id: 'corrupt-teams-cache',
        text: 'The Teams client cache holds a broken or stale sign-in state.',
        fix: 'Quit Teams fully, then for new Teams use Settings > Apps > Installed apps > Microsoft Teams > Advanced options > Reset (or delete %LOCALAPPDATA%\\Packages\\MSTeams_8wekyb3d8bbwe\\LocalCache\\Microsoft\\MSTeams). For classic Teams delete %APPDATA%\\Microsoft\\Teams. Start Teams and sign in once.',
      },
      {
        id: 'wam-broken',
        text: 'The Windows token broker (WAM / AAD Broker Plugin) has a stale or mismatched work account, so every Office app fails to get a token silently.',
        fix: 'Under Settings > Accounts > Access work or school, disconnect stale accounts that are not the device join, sign out of Office apps, and if needed re-register the broker package with Add-AppxPackage -Register for Microsoft.AAD.BrokerPlugin. Reboot and sign in.',
      },
      {
        id: 'clock-or-network',
        text: 'The PC clock is wrong or a proxy/firewall/SSL inspection is blocking Microsoft 365 sign-in endpoints (typical for caa20003 and caa7000a).',
        fix: 'Sync time (w32tm /resync) and set the time zone correctly. Test from a different network; if that works, exclude login.microsoftonline.com, *.teams.microsoft.com and related Microsoft 365 endpoints from SSL inspection and the proxy.',
      },
    ],
    steps: [
      {
        id: 'web-works',
        kind: 'question',
        text: 'Can the user sign in to Teams in a browser at teams.microsoft.com with the same account?',
        options: [
          { label: 'Yes, web works', value: 'web-ok', next: 'check-clock' },
          {
            label: 'No, web sign-in also fails with an AADSTS error or MFA problem',
            value: 'web-fails',
            contradicts: true,
          },
        ],
      },
      {
        id: 'check-clock',
        kind: 'action',
        text: 'Confirm the PC clock and time zone are correct and resync time.',
        command: 'w32tm /query /status & w32tm /resync & tzutil /g',
        expected_outcome: 'Time was already correct to within a minute.',
        on: { worked: { next: 'reset-cache' }, failed: { resolve: 'clock-or-network' } },
      },
      {
        id: 'reset-cache',
        kind: 'action',
        text: 'Quit Teams and reset its cache.',
        command:
          'taskkill /im ms-teams.exe /f & rd /s /q "%LOCALAPPDATA%\\Packages\\MSTeams_8wekyb3d8bbwe\\LocalCache\\Microsoft\\MSTeams"',
        expected_outcome: 'Teams starts, asks for sign-in once, and loads the chat list.',
        on: { worked: { resolve: 'corrupt-teams-cache' }, failed: { next: 'other-apps' } },
      },
      {
        id: 'other-apps',
        kind: 'question',
        text: 'Do Outlook, OneDrive or Word also fail to sign in or keep prompting on this PC?',
        options: [
          { label: 'Yes, several Office apps are affected', value: 'all', next: 'fix-wam' },
          { label: 'Only Teams, and only on this network', value: 'network', resolve: 'clock-or-network' },
        ],
      },
      {
        id: 'fix-wam',
        kind: 'action',
        text: 'Remove stale work accounts and re-register the token broker, then reboot.',
        command:
          'dsregcmd /status | findstr /i "AzureAdJoined AzureAdPrt"; Get-AppxPackage Microsoft.AAD.BrokerPlugin | % { Add-AppxPackage -Register "$($_.InstallLocation)\\AppxManifest.xml" -DisableDevelopmentMode }',
        expected_outcome: 'After reboot AzureAdPrt is YES and Teams signs in silently.',
        on: { worked: { resolve: 'wam-broken' }, failed: { resolve: 'clock-or-network' } },
      },
    ],
    verification: [
      'Teams opens and loads chats without a sign-in prompt after a full quit and restart.',
      'User can join a test meeting from the desktop client.',
    ],
  },
  {
    id: 'onedrive-sync-stuck',
    title: 'OneDrive sync stuck on processing changes or showing sync errors',
    domain: 'm365',
    symptoms: [
      'OneDrive stuck on Processing changes or Sync pending',
      'red X on files in File Explorer',
      'OneDrive icon shows a paused or error symbol',
      'files saved on one PC do not appear on another computer',
      'OneDrive says there was a problem connecting',
      'SharePoint library synced to Explorer not updating',
    ],
    keywords: [
      'OneDrive',
      'OneDrive for Business',
      'Files On-Demand',
      'sync client',
      'onedrive.exe /reset',
      'Known Folder Move',
      'cloud files filter driver',
      'SharePoint sync',
      'path length',
      'storage quota',
    ],
    error_codes: ['0x8004de40', '0x8007016A', '0x8004de44', '0x80070194'],
    causes: [
      {
        id: 'problem-files',
        text: 'Individual files block the queue: path longer than 400 characters, invalid names, open Office/PST files, or files above the size limit.',
        fix: 'Open the OneDrive activity centre > View sync problems, rename or move the offending items, close locked files (PST files should not live in OneDrive), and let the queue drain.',
      },
      {
        id: 'sync-client-corrupt',
        text: 'The local sync client database is stuck or corrupted.',
        fix: 'Run onedrive.exe /reset, wait two minutes, then start OneDrive if it does not relaunch. It will re-scan the folders without re-downloading unchanged files.',
      },
      {
        id: 'connectivity-blocked',
        text: 'OneDrive cannot reach Microsoft 365 because of a proxy, firewall, TLS setting or SSL inspection (0x8004de40).',
        fix: 'Test from another network. Ensure TLS 1.2 is enabled in Internet Options and exclude *.sharepoint.com and OneDrive endpoints from SSL inspection.',
      },
      {
        id: 'cloud-provider-or-quota',
        text: 'The Cloud Files filter driver is not running (0x8007016A) or the OneDrive/SharePoint storage quota is full.',
        fix: 'Check quota in OneDrive settings > Account. If 0x8007016A, toggle Files On-Demand off and on, run sfc /scannow, and check that the CldFlt service is set to start (sc query cldflt).',
      },
    ],
    steps: [
      {
        id: 'view-problems',
        kind: 'action',
        text: 'Open OneDrive > Help & Settings > View sync problems and note what is listed.',
        command: 'OneDrive tray icon > gear > View sync problems',
        expected_outcome:
          'Specific files are listed with reasons such as name not allowed, path too long or file in use.',
        on: { worked: { resolve: 'problem-files' }, failed: { next: 'error-code' } },
      },
      {
        id: 'error-code',
        kind: 'question',
        text: 'Is OneDrive showing an error code or message?',
        options: [
          { label: '0x8004de40 / problem connecting', value: 'conn', next: 'test-network' },
          {
            label: '0x8007016A / cloud file provider not running',
            value: 'cld',
            resolve: 'cloud-provider-or-quota',
          },
          { label: 'OneDrive storage is full', value: 'full', resolve: 'cloud-provider-or-quota' },
          { label: 'No error, just stuck processing', value: 'none', next: 'reset-client' },
        ],
      },
      {
        id: 'test-network',
        kind: 'action',
        text: 'Test reaching SharePoint from the PC, and try a different network (phone hotspot).',
        command:
          'Test-NetConnection contoso.sharepoint.com -Port 443; Test-NetConnection login.microsoftonline.com -Port 443',
        expected_outcome: 'Both tests succeed and sync still fails on the hotspot.',
        on: { worked: { next: 'reset-client' }, failed: { resolve: 'connectivity-blocked' } },
      },
      {
        id: 'reset-client',
        kind: 'action',
        text: 'Reset the OneDrive sync client.',
        command: '%LOCALAPPDATA%\\Microsoft\\OneDrive\\onedrive.exe /reset',
        expected_outcome: 'OneDrive restarts, re-scans and shows Up to date.',
        on: { worked: { resolve: 'sync-client-corrupt' }, failed: { next: 'check-web' } },
      },
      {
        id: 'check-web',
        kind: 'question',
        text: 'Can the user open and edit the same files in the browser (OneDrive or SharePoint web)?',
        options: [
          { label: 'Yes, web works, only sync fails', value: 'web-ok', resolve: 'cloud-provider-or-quota' },
          { label: 'No, access denied in the browser too', value: 'denied', contradicts: true },
        ],
      },
    ],
    verification: [
      'OneDrive icon shows Up to date with no sync problems listed.',
      'A new test file created on the PC appears in OneDrive on the web within a minute.',
    ],
  },
  {
    id: 'sharepoint-access-denied',
    title: 'SharePoint site or file access denied',
    domain: 'm365',
    symptoms: [
      'SharePoint says you need permission to access this item',
      'Access required page with Request access button',
      'user can open the site but not a specific document library',
      'shared link says this item might not exist or is no longer available',
      'guest or external user cannot open the shared folder',
      "Sorry, this site hasn't been shared with you",
    ],
    keywords: [
      'SharePoint Online',
      'site permissions',
      'Members group',
      'broken inheritance',
      'unique permissions',
      'sharing link',
      'external sharing',
      'guest access',
      'Microsoft 365 group',
      'Check permissions',
    ],
    error_codes: [],
    causes: [
      {
        id: 'not-in-site-group',
        text: "The user is not in the site's Members/Visitors group or the Microsoft 365 group behind the site.",
        fix: "Add the user to the Microsoft 365 group (Teams membership) or the SharePoint Members group via Site settings > Site permissions, following the client's approval process.",
      },
      {
        id: 'unique-permissions',
        text: 'The library, folder or file has broken inheritance with unique permissions that exclude the user.',
        fix: 'Use Manage access / Advanced permissions on the item to grant access, or restore inheritance if the unique permissions were accidental.',
      },
      {
        id: 'wrong-account',
        text: 'The browser is signed in with a different account (personal Microsoft account or another tenant) than the one that was granted access.',
        fix: 'Open an InPrivate window or sign out of all Microsoft accounts and sign in with the work account the link was shared to.',
      },
      {
        id: 'external-sharing-blocked',
        text: 'The recipient is external and external sharing is disabled or more restrictive at the tenant or site level.',
        fix: "In SharePoint admin center > Policies > Sharing and on the site's sharing settings, allow the required level (e.g. existing guests or new and existing guests), then re-share.",
      },
    ],
    steps: [
      {
        id: 'internal-or-guest',
        kind: 'question',
        text: 'Is the person who is blocked an internal employee or an external guest?',
        options: [
          { label: 'Internal employee', value: 'internal', next: 'check-account' },
          { label: 'External guest', value: 'guest', next: 'check-external' },
        ],
      },
      {
        id: 'check-account',
        kind: 'action',
        text: "Open the link in an InPrivate window and sign in with the user's work account.",
        command: 'msedge.exe --inprivate "https://contoso.sharepoint.com/sites/Finance"',
        expected_outcome: 'The site opens in InPrivate with the work account.',
        on: { worked: { resolve: 'wrong-account' }, failed: { next: 'check-perms' } },
      },
      {
        id: 'check-perms',
        kind: 'action',
        text: 'As an admin, use Check Permissions on the site (and on the library if only that fails).',
        command:
          'Site > Settings (gear) > Site permissions > Advanced permissions settings > Check Permissions > enter user',
        expected_outcome: 'The result shows the user has Edit or Read through a site group.',
        on: { worked: { next: 'item-level' }, failed: { resolve: 'not-in-site-group' } },
      },
      {
        id: 'item-level',
        kind: 'question',
        text: 'The user has site access. Is the denial only on a particular library, folder or file?',
        options: [
          { label: 'Yes, only on a specific item', value: 'item', resolve: 'unique-permissions' },
          {
            label: 'No, the whole tenant fails to sign in (AADSTS or conditional access message)',
            value: 'signin',
            contradicts: true,
          },
        ],
      },
      {
        id: 'check-external',
        kind: 'action',
        text: 'Check tenant and site external sharing levels.',
        command:
          'Get-SPOTenant | fl SharingCapability; Get-SPOSite https://contoso.sharepoint.com/sites/Projects | fl SharingCapability',
        expected_outcome:
          'Both allow external sharing at the level needed (ExternalUserSharingOnly or higher).',
        on: { worked: { next: 'check-perms' }, failed: { resolve: 'external-sharing-blocked' } },
      },
    ],
    verification: [
      'User opens the site and the problem file from a fresh browser session.',
      'Check Permissions shows the intended access level for the user.',
    ],
  },
  {
    id: 'm365-license-not-assigned',
    title: 'Microsoft 365 licence missing or failed to assign (no mailbox, no Teams, no apps)',
    domain: 'm365',
    symptoms: [
      'new starter has no mailbox in Outlook',
      "Teams says you don't have a license or your admin needs to assign one",
      'user shows as unlicensed in the admin center',
      'group-based licensing shows an error for this user',
      'services disappeared after the user changed department',
      'Outlook on the web says we could not find a mailbox for this account',
    ],
    keywords: [
      'licensing',
      'group-based licensing',
      'Microsoft 365 admin center',
      'usage location',
      'Business Premium',
      'Business Standard',
      'E3',
      'Get-MgUserLicenseDetail',
      'service plan',
      'license count',
    ],
    error_codes: [
      'CountViolation',
      'MutuallyExclusiveViolation',
      'DependencyViolation',
      'UsageLocationNotAllowed',
    ],
    causes: [
      {
        id: 'licence-not-assigned',
        text: 'No licence is assigned to the user, either because onboarding missed it or because the tenant had no spare seats of the SKU (CountViolation).',
        fix: 'Check Billing > Licenses for free seats; reclaim licences from leavers or buy additional seats with client approval, then assign directly or add the user to the licensing group and reprocess.',
      },
      {
        id: 'usage-location-missing',
        text: 'The user has no usage location set, which blocks licence assignment.',
        fix: 'Set the usage location (Entra admin center > Users > user > Properties, or Update-MgUser -UsageLocation GB) and reassign or reprocess licences.',
      },
      {
        id: 'service-plan-disabled',
        text: 'A licence is assigned but the specific service plan (Exchange, Teams, Office apps) is switched off, or conflicting SKUs clash.',
        fix: "In the user's Licenses and apps view, enable the needed app, or resolve the MutuallyExclusiveViolation by removing the conflicting SKU. Mailbox provisioning can take up to 30 minutes after enabling Exchange.",
      },
    ],
    steps: [
      {
        id: 'check-licence',
        kind: 'action',
        text: "List the user's licences and their service plans.",
        command:
          'Connect-MgGraph -Scopes User.Read.All; Get-MgUserLicenseDetail -UserId user@contoso.com | % { $_.SkuPartNumber; $_.ServicePlans | ? ProvisioningStatus -ne "Success" | ft ServicePlanName,ProvisioningStatus }',
        expected_outcome: 'A licence SKU is listed for the user.',
        on: { worked: { next: 'plan-enabled' }, failed: { next: 'assignment-error' } },
      },
      {
        id: 'assignment-error',
        kind: 'question',
        text: 'Is there an assignment error shown for the user (group licensing or on direct assignment)?',
        options: [
          { label: 'Not enough licences / CountViolation', value: 'count', resolve: 'licence-not-assigned' },
          { label: 'Usage location required', value: 'location', resolve: 'usage-location-missing' },
          {
            label: 'No error, nobody assigned a licence yet',
            value: 'never',
            resolve: 'licence-not-assigned',
          },
        ],
      },
      {
        id: 'plan-enabled',
        kind: 'question',
        text: 'Are the needed service plans (e.g. EXCHANGE_S_STANDARD, TEAMS1) enabled with status Success?',
        options: [
          {
            label: 'No, disabled or PendingProvisioning for a long time',
            value: 'disabled',
            resolve: 'service-plan-disabled',
          },
          { label: 'Yes, all enabled and provisioned', value: 'ok', next: 'wait-provision' },
        ],
      },
      {
        id: 'wait-provision',
        kind: 'action',
        text: 'Confirm the mailbox/Teams object exists now that licences are fine.',
        command: 'Get-EXOMailbox user@contoso.com | fl RecipientTypeDetails,WhenCreated',
        expected_outcome: 'The mailbox exists and is a UserMailbox.',
        on: { worked: { contradicts: true }, failed: { resolve: 'service-plan-disabled' } },
      },
    ],
    verification: [
      'Admin center shows the licence assigned with no errors.',
      'User can sign in to Outlook on the web and Teams and sees their mailbox and chats.',
    ],
  },
  {
    id: 'office-activation-unlicensed',
    title: 'Office desktop apps show Unlicensed Product or Product Activation Failed',
    domain: 'm365',
    symptoms: [
      'Word and Excel show a red Unlicensed Product banner',
      'Product Activation Failed in the Office title bar',
      'Office says most features have been disabled',
      'Excel opens in read-only view mode, cannot edit',
      'asked to sign in to activate Office every time',
      'Office on the terminal server says it is not activated',
    ],
    keywords: [
      'Microsoft 365 Apps',
      'Office activation',
      'shared computer activation',
      'Click-to-Run',
      'vNextDiag',
      'OLicenseCleanup',
      'Business Basic',
      'install limit',
      'reduced functionality mode',
      'RDS',
    ],
    error_codes: ['0x8004FC12', '0xC004F074', '0x803D0010'],
    causes: [
      {
        id: 'plan-lacks-desktop-apps',
        text: "The user's licence (e.g. Business Basic, E1, F3) does not include the desktop Office apps.",
        fix: 'Assign a licence with Microsoft 365 Apps (Business Standard/Premium, E3) after client approval, or have the user use the web apps.',
      },
      {
        id: 'wrong-account-or-stale-token',
        text: 'Office is signed in with a different or old account, or the cached licence token is stale.',
        fix: 'Close all Office apps, sign out under File > Account, clear %LOCALAPPDATA%\\Microsoft\\Office\\Licenses and the Office identity registry key, or run the Microsoft OLicenseCleanup script, then sign in with the licensed account.',
      },
      {
        id: 'shared-computer-not-enabled',
        text: 'Office is installed on an RDS host or shared PC without shared computer activation.',
        fix: 'Set HKLM\\SOFTWARE\\Microsoft\\Office\\ClickToRun\\Configuration SharedComputerLicensing=1 (or via GPO / ODT), then have each user sign in.',
      },
      {
        id: 'install-limit-reached',
        text: 'The user has hit the install limit (5 PCs) for their licence.',
        fix: 'In My account > Apps & devices, sign Office out on old devices, then activate on the new PC.',
      },
    ],
    steps: [
      {
        id: 'is-rds',
        kind: 'question',
        text: 'Is this PC a terminal server / RDS host or a PC shared by several users?',
        options: [
          { label: 'Yes, shared or RDS', value: 'rds', next: 'check-sca' },
          { label: "No, the user's own PC", value: 'own', next: 'check-account' },
        ],
      },
      {
        id: 'check-sca',
        kind: 'action',
        text: 'Check whether shared computer activation is enabled.',
        command:
          'reg query "HKLM\\SOFTWARE\\Microsoft\\Office\\ClickToRun\\Configuration" /v SharedComputerLicensing',
        expected_outcome: 'SharedComputerLicensing is 1.',
        on: { worked: { next: 'check-account' }, failed: { resolve: 'shared-computer-not-enabled' } },
      },
      {
        id: 'check-account',
        kind: 'action',
        text: 'Open File > Account in Word and note which account and product are shown.',
        command: 'Word > File > Account > Product Information',
        expected_outcome: 'The correct work account is signed in and a Microsoft 365 Apps product is listed.',
        on: { worked: { next: 'check-plan' }, failed: { resolve: 'wrong-account-or-stale-token' } },
      },
      {
        id: 'check-plan',
        kind: 'question',
        text: "Does the user's licence include the desktop apps, and how many devices are activated?",
        options: [
          {
            label: 'Licence is web-only (Basic/E1/F3)',
            value: 'web-only',
            resolve: 'plan-lacks-desktop-apps',
          },
          { label: 'Already 5 devices activated', value: 'limit', resolve: 'install-limit-reached' },
          { label: 'Licence fine, under limit', value: 'fine', next: 'clean-licence' },
          { label: 'User has no licence at all', value: 'none', contradicts: true },
        ],
      },
      {
        id: 'clean-licence',
        kind: 'action',
        text: 'Reset Office activation state and sign in again.',
        command:
          'taskkill /im winword.exe /im excel.exe /im outlook.exe /f & rd /s /q "%LOCALAPPDATA%\\Microsoft\\Office\\Licenses" & reg delete "HKCU\\Software\\Microsoft\\Office\\16.0\\Common\\Identity" /f',
        expected_outcome: 'After restart and sign-in, File > Account shows the product as activated.',
        on: { worked: { resolve: 'wrong-account-or-stale-token' }, failed: { contradicts: true } },
      },
    ],
    verification: [
      'File > Account shows "Subscription Product" / "Belongs to" the correct user with no banner.',
      'User can edit and save a document.',
    ],
  },
  {
    id: 'teams-audio-device-not-working',
    title: 'Teams microphone, speaker or headset not working in calls',
    domain: 'm365',
    symptoms: [
      'others cannot hear me in Teams meetings',
      'Teams does not detect my headset',
      'no sound in Teams calls but YouTube plays fine',
      'Bluetooth headset sounds robotic or muffled in Teams',
      'Teams says your microphone is muted by system settings',
      'camera or mic greyed out in Teams device settings',
    ],
    keywords: [
      'Teams devices',
      'microphone',
      'headset',
      'Bluetooth',
      'hands-free profile',
      'privacy settings',
      'audio driver',
      'test call',
      'Jabra',
      'Poly',
    ],
    error_codes: [],
    causes: [
      {
        id: 'wrong-device-selected',
        text: 'Teams is using a different microphone or speaker than the one the user is wearing (e.g. docking station or monitor speakers).',
        fix: 'In Teams > Settings > Devices, pick the headset for both speaker and microphone and make a test call. Remove "Custom setup" if set.',
      },
      {
        id: 'os-privacy-block',
        text: 'Windows privacy settings block desktop apps from using the microphone or camera.',
        fix: 'Settings > Privacy & security > Microphone (and Camera): turn on access and "Let desktop apps access your microphone". Check Intune/GPO if it is greyed out.',
      },
      {
        id: 'driver-or-bluetooth-profile',
        text: 'The audio driver is faulty, or a Bluetooth headset switches to the low-quality hands-free profile.',
        fix: "Update or reinstall the audio/headset driver and vendor software (e.g. Jabra Direct, Poly Lens). For Bluetooth, use the vendor USB dongle instead of the PC's built-in Bluetooth.",
      },
    ],
    steps: [
      {
        id: 'other-apps-audio',
        kind: 'question',
        text: 'Does the headset work in Windows Sound settings (mic level moves) and in another app?',
        options: [
          { label: 'Yes, works outside Teams', value: 'ok-outside', next: 'teams-device' },
          { label: 'No, not in Windows either', value: 'fails-os', next: 'privacy' },
        ],
      },
      {
        id: 'teams-device',
        kind: 'action',
        text: 'Select the headset in Teams device settings and make a test call.',
        command: 'Teams > Settings > Devices > Audio devices; then Make a test call',
        expected_outcome: "The test call plays back the user's voice.",
        on: { worked: { resolve: 'wrong-device-selected' }, failed: { next: 'privacy' } },
      },
      {
        id: 'privacy',
        kind: 'action',
        text: 'Check microphone privacy settings for desktop apps.',
        command: 'start ms-settings:privacy-microphone',
        expected_outcome: 'Microphone access and desktop app access were off; turning them on fixes it.',
        on: { worked: { resolve: 'os-privacy-block' }, failed: { next: 'driver' } },
      },
      {
        id: 'driver',
        kind: 'action',
        text: 'Reinstall the audio/headset driver and try the wired or USB-dongle connection.',
        command:
          'devmgmt.msc > Audio inputs and outputs > headset > Uninstall device, then Action > Scan for hardware changes',
        expected_outcome: 'The device is re-detected and works in a Teams test call.',
        on: { worked: { resolve: 'driver-or-bluetooth-profile' }, failed: { contradicts: true } },
      },
    ],
    verification: [
      "Teams test call plays back the user's voice clearly.",
      'A colleague confirms they can hear the user in a real call.',
    ],
  },
];
