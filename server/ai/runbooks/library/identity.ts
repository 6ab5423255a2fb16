import type { Runbook } from '../types';

export const identityRunbooks: Runbook[] = [
  {
    id: 'mfa-prompt-loop',
    title: 'MFA prompts loop, never arrive, or user can no longer complete MFA',
    domain: 'identity',
    symptoms: [
      'keeps asking to approve sign-in on Authenticator over and over',
      'MFA push notification never shows up on the phone',
      'user got a new phone and cannot approve sign-ins',
      'More information required prompt appears on every login',
      'sign-in says you must use multi-factor authentication to access this resource',
      'old Outlook or app cannot log in since MFA was turned on',
    ],
    keywords: [
      'Entra ID',
      'Azure AD',
      'multi-factor authentication',
      'Microsoft Authenticator',
      'number matching',
      'authentication methods',
      'Temporary Access Pass',
      'security defaults',
      'sign-in frequency',
      'legacy authentication',
    ],
    error_codes: ['AADSTS50076', 'AADSTS50079', 'AADSTS50074', 'AADSTS50158'],
    causes: [
      {
        id: 'method-lost',
        text: 'The registered MFA method is gone (new or reset phone, deleted Authenticator app), so the user cannot satisfy MFA.',
        fix: 'Verify the user\'s identity out of band, then in Entra admin center > Users > user > Authentication methods delete the old methods (or "Require re-register MFA") and issue a Temporary Access Pass so they can register the new phone at aka.ms/mysecurityinfo.',
      },
      {
        id: 'notifications-blocked',
        text: 'The Authenticator app is registered but push notifications are not delivered (battery optimisation, notifications disabled, phone clock wrong, app not opened after restore).',
        fix: 'Have the user open Authenticator, enable notifications and remove battery optimisation for it, check the phone\'s automatic time, and use the code option ("Use a verification code") as a fallback.',
      },
      {
        id: 'session-policy-too-aggressive',
        text: 'A conditional access sign-in frequency or non-persistent browser session policy forces re-authentication far too often, or the device is not registered so MFA claims do not persist.',
        fix: 'Review sign-in logs for which policy requires MFA each time; adjust sign-in frequency, ensure the device is Entra joined/registered so the PRT carries the MFA claim, and keep "Stay signed in" enabled.',
      },
      {
        id: 'legacy-client',
        text: 'The client uses basic/legacy authentication (old Outlook, IMAP/POP app, old mobile mail app) which cannot perform MFA.',
        fix: 'Move the user to a modern-auth client (current Outlook, Outlook mobile, native iOS/Android mail with modern auth). Legacy auth is blocked in Exchange Online and cannot be re-enabled.',
      },
    ],
    steps: [
      {
        id: 'sign-in-log',
        kind: 'action',
        text: "Open the user's recent sign-ins and read the failure reason and Authentication Details.",
        command:
          'Entra admin center > Users > user > Sign-in logs (or Get-MgAuditLogSignIn -Filter "userPrincipalName eq \'user@contoso.com\'" -Top 20)',
        expected_outcome: 'Entries show MFA required (50074/50076) or MFA denied / not completed.',
        on: { worked: { next: 'what-happens' }, failed: { contradicts: true } },
      },
      {
        id: 'what-happens',
        kind: 'question',
        text: 'What does the user experience when MFA is requested?',
        options: [
          { label: 'New or lost phone, no way to approve', value: 'lost', resolve: 'method-lost' },
          { label: 'Prompt sent but nothing arrives on the phone', value: 'no-push', next: 'test-code' },
          {
            label: 'Approves successfully but gets asked again soon after',
            value: 'loop',
            next: 'check-policy',
          },
          {
            label: 'App never shows an MFA prompt, just fails',
            value: 'no-prompt',
            resolve: 'legacy-client',
          },
        ],
      },
      {
        id: 'test-code',
        kind: 'action',
        text: 'Ask the user to choose "I can\'t use my Authenticator app right now" > "Use a verification code" and enter the 6-digit code from the app.',
        expected_outcome: 'Sign-in succeeds with the code.',
        on: { worked: { resolve: 'notifications-blocked' }, failed: { resolve: 'method-lost' } },
      },
      {
        id: 'check-policy',
        kind: 'action',
        text: 'Check the sign-in log Conditional Access tab for session controls and the device registration state.',
        command: 'dsregcmd /status | findstr /i "AzureAdJoined AzureAdPrt WorkplaceJoined"',
        expected_outcome:
          'Device shows AzureAdPrt : YES and no sign-in frequency policy shorter than the business expects.',
        on: { worked: { contradicts: true }, failed: { resolve: 'session-policy-too-aggressive' } },
      },
    ],
    verification: [
      'User signs in and completes MFA once, then is not prompted again within the expected session lifetime.',
      'Sign-in logs show Success with MFA satisfied by claim or by the new method.',
    ],
  },
  {
    id: 'entra-smart-lockout-50053',
    title: 'Microsoft 365 account locked by Entra smart lockout (AADSTS50053)',
    domain: 'identity',
    symptoms: [
      'Your account is locked, you have tried to sign in too many times',
      'user locked out of Office 365 even though the password is correct',
      'account keeps locking again a few minutes after it unlocks',
      'sign-in blocked, too many attempts from an unknown location',
      'locked out of Teams and Outlook at the same time',
    ],
    keywords: [
      'smart lockout',
      'Entra ID',
      'Azure AD',
      'lockout threshold',
      'password spray',
      'sign-in logs',
      'risky sign-ins',
      'Identity Protection',
      'IdsLocked',
    ],
    error_codes: ['AADSTS50053', 'AADSTS50126'],
    causes: [
      {
        id: 'old-password-on-device',
        text: 'A phone, tablet or second PC still has the old password saved and keeps retrying, tripping smart lockout.',
        fix: 'Identify the client app and device in the sign-in logs, have the user remove and re-add the account on that device (or update the password), then wait out the lockout period.',
      },
      {
        id: 'attack-traffic',
        text: 'Failed attempts come from unfamiliar IPs or countries, indicating a password spray or brute-force attack against the account.',
        fix: "Treat as a possible security incident: reset the password, revoke sessions (Revoke-MgUserSignInSession), confirm MFA is enforced, block the source with conditional access named locations, and inform the client's security contact.",
      },
      {
        id: 'user-forgot-password',
        text: 'The user has genuinely forgotten or is mistyping the current password.',
        fix: 'Let the lockout expire or have the user use self-service password reset (aka.ms/sspr); reset the password as admin if SSPR is not set up.',
      },
    ],
    steps: [
      {
        id: 'confirm-code',
        kind: 'question',
        text: 'Which error appears in the sign-in log for the failed attempts?',
        options: [
          { label: '50053 locked / 50126 bad password', value: 'lockout', next: 'check-sources' },
          { label: '50057 account disabled or 53003 blocked by policy', value: 'other', contradicts: true },
        ],
      },
      {
        id: 'check-sources',
        kind: 'action',
        text: "Filter the user's sign-in logs for failures and review IP, location and client app.",
        command:
          'Get-MgAuditLogSignIn -Filter "userPrincipalName eq \'user@contoso.com\' and status/errorCode ne 0" -Top 50 | ft CreatedDateTime,IpAddress,ClientAppUsed,@{n="Err";e={$_.Status.ErrorCode}}',
        expected_outcome: "Failures all come from the user's own known locations / devices.",
        on: { worked: { next: 'which-client' }, failed: { resolve: 'attack-traffic' } },
      },
      {
        id: 'which-client',
        kind: 'question',
        text: 'Do the failures come from a client the user is not actively using (e.g. a mobile mail app or an old PC)?',
        options: [
          {
            label: 'Yes, a background device keeps retrying',
            value: 'device',
            resolve: 'old-password-on-device',
          },
          {
            label: 'No, only from the user typing at their PC',
            value: 'typing',
            resolve: 'user-forgot-password',
          },
        ],
      },
    ],
    verification: [
      'User signs in successfully and no new 50053 entries appear over the next hour.',
      'Sign-in log shows no further failures from the old device or unknown IPs.',
    ],
  },
  {
    id: 'conditional-access-block-53003',
    title: 'Sign-in blocked by Conditional Access (AADSTS53003 / 53000 / 53001)',
    domain: 'identity',
    symptoms: [
      'Access has been blocked by Conditional Access policies',
      "You can't get there from here message on login",
      'user travelling abroad cannot access email',
      'device must be compliant or managed to access this resource',
      'home PC or personal phone blocked from Outlook',
      'sign-in works in the office but not from home',
    ],
    keywords: [
      'Conditional Access',
      'Entra ID',
      'named locations',
      'country block',
      'device compliance',
      'Intune',
      'hybrid Azure AD join',
      'What If',
      'report-only',
      'sign-in logs',
    ],
    error_codes: ['AADSTS53003', 'AADSTS53000', 'AADSTS53001'],
    causes: [
      {
        id: 'location-policy',
        text: 'A location-based policy blocks the country or IP the user is signing in from (travel, VPN egress, new ISP).',
        fix: "Confirm the travel with the client, then add the user temporarily to the policy's exclusion group or add the country/IP to the allowed named location, with an end date.",
      },
      {
        id: 'device-not-compliant',
        text: 'A policy requires a compliant or hybrid-joined device and this device is not enrolled, not compliant or not joined.',
        fix: 'Check the device in Intune > Devices for the failing compliance setting (BitLocker, OS version, AV) and fix it, or enrol the device. For personal devices use the approved path (web-only / app protection).',
      },
      {
        id: 'client-app-blocked',
        text: 'A policy blocks a client type or platform (legacy auth, unsupported OS, browser without the required extension or not approved app).',
        fix: 'Use the supported client (Outlook mobile instead of native mail, Edge or Chrome with the Microsoft SSO extension on macOS/Windows), or adjust the policy scope if the client is approved.',
      },
    ],
    steps: [
      {
        id: 'open-log',
        kind: 'action',
        text: 'Open the failed sign-in entry and look at the Conditional Access tab to find the policy with result Failure.',
        command:
          'Entra admin center > Monitoring & health > Sign-in logs > failed entry > Conditional Access',
        expected_outcome:
          'A specific policy is listed as Failure with grant control Block or Require compliant device.',
        on: { worked: { next: 'policy-type' }, failed: { contradicts: true } },
      },
      {
        id: 'policy-type',
        kind: 'question',
        text: 'What does the failing policy target?',
        options: [
          { label: 'Locations / countries', value: 'loc', next: 'check-location' },
          { label: 'Device compliance or hybrid join', value: 'device', next: 'check-device' },
          { label: 'Client apps or platforms', value: 'client', resolve: 'client-app-blocked' },
        ],
      },
      {
        id: 'check-location',
        kind: 'action',
        text: "Compare the sign-in IP and location with the policy's named locations.",
        command: 'Get-MgIdentityConditionalAccessNamedLocation | fl DisplayName,AdditionalProperties',
        expected_outcome: 'The sign-in location is outside the allowed locations.',
        on: { worked: { resolve: 'location-policy' }, failed: { next: 'check-device' } },
      },
      {
        id: 'check-device',
        kind: 'action',
        text: "Check the device's join state and its compliance in Intune.",
        command:
          'dsregcmd /status | findstr /i "AzureAdJoined DomainJoined DeviceId"  then Intune admin center > Devices > device > Device compliance',
        expected_outcome: 'The device is joined and listed as Compliant.',
        on: { worked: { contradicts: true }, failed: { resolve: 'device-not-compliant' } },
      },
    ],
    verification: [
      'User signs in from the same device/location and the sign-in log shows Conditional Access: Success.',
      'Any temporary exclusion has an end date recorded in the ticket.',
    ],
  },
  {
    id: 'password-expired-50055',
    title: 'Password expired: user cannot sign in or change the password (cloud or hybrid)',
    domain: 'identity',
    symptoms: [
      'user is told the password has expired and must be changed',
      'remote worker password expired and cannot change it from home',
      'change password screen rejects the new password',
      'Outlook and Teams keep asking for the password after it expired',
      'password expiry warning ignored, now locked out of everything',
    ],
    keywords: [
      'password expiration',
      'password policy',
      'SSPR',
      'self-service password reset',
      'password writeback',
      'cached credentials',
      'Ctrl+Alt+Del change password',
      'hybrid identity',
      'maxPwdAge',
      'password requirements',
    ],
    error_codes: ['AADSTS50055', 'AADSTS50144', 'AADSTS50126'],
    causes: [
      {
        id: 'cloud-password-expired',
        text: "A cloud-only account's password reached the tenant expiry period.",
        fix: 'Have the user change it at the prompt or via aka.ms/sspr; otherwise reset as admin with "require change at next sign-in". Consider setting passwords to never expire per current guidance if MFA is enforced, with client approval.',
      },
      {
        id: 'onprem-expired-offsite',
        text: "A hybrid account's on-prem AD password expired while the user is off-site, so the PC cannot reach a DC to change it.",
        fix: 'Connect the user to VPN (pre-logon VPN if available) and change the password with Ctrl+Alt+Del > Change a password, or reset it in AD and sync; then lock/unlock the PC on VPN so cached credentials update.',
      },
      {
        id: 'complexity-history',
        text: 'The new password is rejected because it fails complexity, minimum length, history or banned-password rules.',
        fix: 'Explain the rules (length, not reusing previous passwords, no banned words like the company name) and let the user pick a compliant passphrase.',
      },
    ],
    steps: [
      {
        id: 'account-type',
        kind: 'question',
        text: "Is the user's account cloud-only or synced from on-prem Active Directory?",
        options: [
          { label: 'Cloud-only', value: 'cloud', next: 'try-change' },
          { label: 'Synced from on-prem AD', value: 'hybrid', next: 'onsite' },
        ],
      },
      {
        id: 'onsite',
        kind: 'question',
        text: 'Is the user in the office or connected to VPN?',
        options: [
          { label: 'Remote, no VPN', value: 'remote', resolve: 'onprem-expired-offsite' },
          { label: 'In office / on VPN', value: 'onsite', next: 'try-change' },
        ],
      },
      {
        id: 'try-change',
        kind: 'action',
        text: 'Have the user change the password (prompt, Ctrl+Alt+Del or aka.ms/sspr) and read any rejection message.',
        expected_outcome: 'The change succeeds.',
        on: { worked: { next: 'apps-follow' }, failed: { resolve: 'complexity-history' } },
      },
      {
        id: 'apps-follow',
        kind: 'action',
        text: 'After the change, sign in to Microsoft 365 from a browser with the new password.',
        command: 'https://portal.office.com (InPrivate)',
        expected_outcome: 'The new password is accepted in the cloud within a few minutes.',
        on: { worked: { resolve: 'cloud-password-expired' }, failed: { contradicts: true } },
      },
    ],
    verification: [
      'User signs in to Windows and Microsoft 365 with the new password.',
      'Outlook and Teams stop prompting after one re-sign-in.',
    ],
  },
  {
    id: 'enterprise-app-sso-failure',
    title: 'SSO to a SaaS application fails (SAML/OIDC enterprise app in Entra ID)',
    domain: 'identity',
    symptoms: [
      'single sign-on to the third-party app fails with a Microsoft error page',
      'user is not assigned to a role for the application',
      'reply URL does not match the one configured for the application',
      'SSO into the HR or CRM system stopped working for everyone',
      'clicking the app tile in My Apps gives an error',
    ],
    keywords: [
      'enterprise application',
      'SAML',
      'OIDC',
      'My Apps',
      'user assignment',
      'reply URL',
      'Assertion Consumer Service',
      'signing certificate',
      'Entity ID',
      'SAML response',
      'Salesforce',
      'third-party SaaS',
      'identifier',
    ],
    error_codes: ['AADSTS50105', 'AADSTS50011', 'AADSTS700016', 'AADSTS750054'],
    causes: [
      {
        id: 'user-not-assigned',
        text: 'The app requires assignment and the user (or their group) is not assigned (AADSTS50105).',
        fix: 'In Entra admin center > Enterprise applications > app > Users and groups, add the user or the appropriate group.',
      },
      {
        id: 'sso-config-mismatch',
        text: "The app's reply URL / identifier in Entra does not match what the vendor sends (AADSTS50011, AADSTS700016), often after the vendor changed domains.",
        fix: "Compare the Basic SAML Configuration (Identifier, Reply URL) with the vendor's SSO settings page and correct it on whichever side is wrong.",
      },
      {
        id: 'signing-cert-expired',
        text: 'The SAML signing certificate in Entra expired or was rolled and the vendor still has the old certificate, so the app rejects the response.',
        fix: "Under the app's SAML Certificates, create/activate a new certificate, download the federation metadata or certificate and upload it to the vendor's SSO settings. Set expiry notification emails.",
      },
    ],
    steps: [
      {
        id: 'scope',
        kind: 'question',
        text: 'Is one user affected, or everyone using this app?',
        options: [
          { label: 'One or a few users', value: 'one', next: 'check-assignment' },
          { label: 'Everyone', value: 'all', next: 'read-error' },
        ],
      },
      {
        id: 'check-assignment',
        kind: 'action',
        text: 'Check whether the user is assigned to the enterprise app.',
        command: 'Enterprise applications > app > Users and groups (search user)',
        expected_outcome: 'The user or one of their groups is listed.',
        on: { worked: { next: 'read-error' }, failed: { resolve: 'user-not-assigned' } },
      },
      {
        id: 'read-error',
        kind: 'question',
        text: 'Where does the error appear?',
        options: [
          {
            label: 'On a Microsoft page with AADSTS50011 / 700016',
            value: 'ms',
            resolve: 'sso-config-mismatch',
          },
          {
            label: "On the vendor's site after Microsoft sign-in (invalid signature / SAML response)",
            value: 'vendor',
            next: 'check-cert',
          },
          {
            label: 'Microsoft sign-in itself fails (locked, MFA, blocked)',
            value: 'signin',
            contradicts: true,
          },
        ],
      },
      {
        id: 'check-cert',
        kind: 'action',
        text: "Check the app's SAML signing certificate expiry and which thumbprint the vendor holds.",
        command:
          'Enterprise applications > app > Single sign-on > SAML Certificates (Status, Expiration, Thumbprint)',
        expected_outcome:
          'The active certificate is valid and its thumbprint matches the vendor configuration.',
        on: { worked: { resolve: 'sso-config-mismatch' }, failed: { resolve: 'signing-cert-expired' } },
      },
    ],
    verification: [
      'User launches the app from My Apps and lands signed in.',
      'Sign-in log for the application shows Success.',
    ],
  },
  {
    id: 'entra-connect-sync-failure',
    title: 'Entra Connect sync not working: password or account changes not reaching Microsoft 365',
    domain: 'identity',
    symptoms: [
      'changed password in AD but Office 365 still wants the old one',
      'old password still works for Microsoft 365 after changing it on the domain',
      'new user created in Active Directory does not appear in Microsoft 365',
      'directory sync last ran days ago according to the admin center',
      'sync error email about duplicate attribute',
      'updated job title or group membership not showing in the cloud',
    ],
    keywords: [
      'Entra Connect',
      'Azure AD Connect',
      'ADSync',
      'password hash sync',
      'Start-ADSyncSyncCycle',
      'Synchronization Service Manager',
      'proxyAddresses',
      'OU filtering',
      'soft match',
      'Entra Connect Health',
    ],
    error_codes: ['AttributeValueMustBeUnique', 'InvalidSoftMatch', 'Event ID 611', 'Event ID 6900'],
    causes: [
      {
        id: 'sync-service-down',
        text: 'No sync cycle has run since the change: the ADSync service or server is down, the scheduler is disabled, or the next 30-minute cycle simply has not happened yet.',
        fix: 'Start the server/service (Start-Service ADSync), enable the scheduler (Set-ADSyncScheduler -SyncCycleEnabled $true) and run a delta sync. Check the Entra Connect version is supported and upgrade if old.',
      },
      {
        id: 'attribute-conflict',
        text: 'The object fails export because a UPN or proxyAddress duplicates another object in the tenant.',
        fix: 'Read the error in Microsoft 365 admin center > Directory sync errors or Synchronization Service Manager, remove the duplicate value from the conflicting object, and run a delta sync.',
      },
      {
        id: 'out-of-scope',
        text: 'The user is in an OU (or group) that is not included in the sync scope.',
        fix: 'Move the user to a synced OU or add the OU in the Entra Connect wizard > Domain and OU filtering, then run a sync.',
      },
      {
        id: 'phs-broken',
        text: 'Objects sync but password hash synchronisation is failing (Event ID 611), often due to connector account permissions.',
        fix: 'Run Invoke-ADSyncDiagnostics -PasswordSync on the server, grant the AD DS connector account "Replicate Directory Changes" and "Replicate Directory Changes All", and trigger a full password sync.',
      },
    ],
    steps: [
      {
        id: 'check-scheduler',
        kind: 'action',
        text: 'On the Entra Connect server, check the scheduler and the last sync time.',
        command:
          'Get-Service ADSync; Get-ADSyncScheduler | fl SyncCycleEnabled,NextSyncCycleStartTimeInUTC; Get-ADSyncConnectorRunStatus',
        expected_outcome:
          'ADSync is Running, SyncCycleEnabled is True and the next cycle is within 30 minutes.',
        on: { worked: { next: 'what-missing' }, failed: { resolve: 'sync-service-down' } },
      },
      {
        id: 'what-missing',
        kind: 'question',
        text: 'What is not reaching the cloud?',
        options: [
          { label: 'Password changes only', value: 'pwd', next: 'phs-diag' },
          { label: 'A new or changed user object', value: 'object', next: 'check-errors' },
          {
            label: 'Nothing is missing in the cloud; the user is locked or blocked by MFA/CA',
            value: 'not-sync',
            contradicts: true,
          },
        ],
      },
      {
        id: 'phs-diag',
        kind: 'action',
        text: 'Run the password hash sync diagnostics.',
        command: 'Import-Module ADSyncDiagnostics; Invoke-ADSyncDiagnostics -PasswordSync',
        expected_outcome: 'Diagnostics report password hash sync is enabled and heartbeats are healthy.',
        on: { worked: { next: 'run-delta' }, failed: { resolve: 'phs-broken' } },
      },
      {
        id: 'check-errors',
        kind: 'action',
        text: 'Check directory sync errors for the object.',
        command:
          'Microsoft 365 admin center > Health > Directory sync status > Directory sync errors; or Get-MgUser -Filter "onPremisesProvisioningErrors/any(x:x/category ne null)"',
        expected_outcome: 'No sync error is listed for the user.',
        on: { worked: { next: 'run-delta' }, failed: { resolve: 'attribute-conflict' } },
      },
      {
        id: 'run-delta',
        kind: 'action',
        text: 'Run a delta sync and search for the user in the connector space.',
        command: 'Start-ADSyncSyncCycle -PolicyType Delta',
        expected_outcome: 'The change appears in the cloud within a few minutes.',
        on: { worked: { resolve: 'sync-service-down' }, failed: { resolve: 'out-of-scope' } },
      },
    ],
    verification: [
      'The change (password, new user, attribute) is visible in Entra ID.',
      'Admin center shows the last directory sync within the past 30 minutes and no sync errors.',
    ],
  },
];
