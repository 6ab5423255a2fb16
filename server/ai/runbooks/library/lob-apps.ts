import type { Runbook } from '../types';

export const lobAppsRunbooks: Runbook[] = [
  {
    id: 'quickbooks-h202-multiuser',
    title: 'QuickBooks Desktop cannot open company file in multi-user mode (H202 / H505)',
    domain: 'lob_apps',
    symptoms: [
      'QuickBooks says the company file is on another computer and needs help connecting',
      'Workstations cannot switch to multi-user mode',
      'QuickBooks works on the server but not on the other PCs',
      'Only one person at a time can get into the books',
      'QuickBooks multi-user broke after the server was rebooted or updated',
    ],
    keywords: [
      'QuickBooks',
      'QuickBooks Desktop',
      'multi-user mode',
      'Database Server Manager',
      'QBDBMgrN',
      'QuickBooksDB',
      'hosting',
      'company file',
      '.QBW',
      '.ND file',
      'QuickBooks Tool Hub',
      'File Doctor',
    ],
    error_codes: ['H202', 'H505', 'H303', 'H101'],
    causes: [
      {
        id: 'db-manager-not-running',
        text: 'QuickBooks Database Server Manager is not running on the server, or has not scanned the folder holding the company file.',
        fix: 'On the server, start the QuickBooksDBxx service for the installed year (set to Automatic), open QuickBooks Database Server Manager, scan the company file folder and confirm the file appears under QuickBooks company files found.',
      },
      {
        id: 'hosting-on-wrong-pc',
        text: 'Hosting (Host Multi-User Access) is switched on at a workstation, or off on the server.',
        fix: 'On every workstation, File > Utilities must show "Host Multi-User Access" (meaning hosting is off). On the server running the full QuickBooks install, turn hosting on; with Database Server Manager only, the service does the hosting.',
      },
      {
        id: 'firewall-blocking-qb-ports',
        text: "The server firewall or security software blocks the QuickBooks database ports for this year's version.",
        fix: 'Read the ports from Database Server Manager > Port Monitor and allow them inbound on the server (plus QBDBMgrN.exe and QBUpdate.exe), e.g. New-NetFirewallRule -DisplayName "QuickBooks DB" -Direction Inbound -Protocol TCP -LocalPort 8019,56728,55378-55382 -Action Allow.',
      },
      {
        id: 'server-name-resolution',
        text: 'Workstations cannot resolve the server name correctly (stale DNS, wrong IP), so they cannot reach the database service.',
        fix: "Fix the server's DNS record (or reach it by its correct FQDN), flush DNS on workstations (ipconfig /flushdns) and re-open the file via the UNC path \\\\<server>\\<share>\\<company>.QBW rather than a stale mapping.",
      },
    ],
    steps: [
      {
        id: 'ask-single-user',
        kind: 'question',
        text: 'Can the workstation open the company file in single-user mode?',
        options: [
          { label: 'Yes, only multi-user fails', value: 'yes', next: 'check-qb-service' },
          {
            label: 'No, it errors with 6000-series / file damaged errors even in single-user',
            value: 'no',
            contradicts: true,
          },
        ],
      },
      {
        id: 'check-qb-service',
        kind: 'action',
        text: 'On the server, check the QuickBooks database service.',
        command: "Get-Service | Where-Object Name -like 'QuickBooksDB*' | Select Name,Status,StartType",
        expected_outcome: 'The QuickBooksDBxx service for this year is Running and set to Automatic.',
        on: { worked: { next: 'ask-hosting' }, failed: { resolve: 'db-manager-not-running' } },
      },
      {
        id: 'ask-hosting',
        kind: 'question',
        text: 'On each workstation, what does File > Utilities show?',
        options: [
          {
            label: '"Stop Hosting Multi-User Access" on a workstation',
            value: 'ws-hosting',
            resolve: 'hosting-on-wrong-pc',
          },
          { label: '"Host Multi-User Access" on all workstations', value: 'ok', next: 'test-ports' },
        ],
      },
      {
        id: 'test-ports',
        kind: 'action',
        text: 'From a workstation, test name resolution and the QuickBooks port on the server.',
        command: 'Resolve-DnsName <server>; Test-NetConnection <server> -Port 8019',
        expected_outcome: "The name resolves to the server's real IP and the port test succeeds.",
        on: { worked: { next: 'rescan-folder' }, failed: { next: 'ask-resolution' } },
      },
      {
        id: 'ask-resolution',
        kind: 'question',
        text: 'Which part of the test failed?',
        options: [
          {
            label: 'The name resolves to the wrong IP / not at all',
            value: 'dns',
            resolve: 'server-name-resolution',
          },
          {
            label: 'Name is fine but the port is blocked',
            value: 'port',
            resolve: 'firewall-blocking-qb-ports',
          },
        ],
      },
      {
        id: 'rescan-folder',
        kind: 'action',
        text: 'Rescan the company file folder in Database Server Manager to rebuild the .ND file, then retry multi-user.',
        command: 'Start > QuickBooks Database Server Manager > Scan Folders > Add folder > Scan',
        expected_outcome: 'The company file is listed and workstations open it in multi-user mode.',
        on: {
          worked: { resolve: 'db-manager-not-running' },
          failed: { resolve: 'firewall-blocking-qb-ports' },
        },
      },
    ],
    verification: [
      'Two workstations can be in the company file in multi-user mode at the same time.',
      'The QuickBooksDBxx service is set to Automatic and survives a server reboot.',
    ],
  },
  {
    id: 'lob-sql-instance-unreachable',
    title: 'App cannot find SQL Server instance (error 26 / error 40 / network-related error)',
    domain: 'lob_apps',
    symptoms: [
      'Practice management software says it cannot connect to the database server',
      'A network-related or instance-specific error occurred while establishing a connection to SQL Server',
      'App works on the server but not from the workstations',
      'All users lost connection to the accounting database after a server move',
      'SQL Express database not reachable from clients',
    ],
    keywords: [
      'SQL Server',
      'SQL Express',
      'named instance',
      'SQL Browser',
      'UDP 1434',
      'TCP 1433',
      'SQL Server Configuration Manager',
      'TCP/IP protocol',
      'connection string',
      'firewall',
      'dynamic port',
    ],
    error_codes: ['error: 26', 'error: 40', 'Error Locating Server/Instance Specified', 'error: 53'],
    causes: [
      {
        id: 'sql-browser-stopped',
        text: 'The app uses a named instance (SERVER\\INSTANCE) and the SQL Server Browser service is stopped or UDP 1434 is blocked (error 26).',
        fix: 'Start the SQL Server Browser service and set it to Automatic, and allow UDP 1434 inbound on the server firewall. Alternatively give the instance a static TCP port and put SERVER,PORT in the connection string.',
      },
      {
        id: 'tcpip-disabled',
        text: 'The TCP/IP protocol is disabled for the instance (default for SQL Express), so only local connections work.',
        fix: 'In SQL Server Configuration Manager > SQL Server Network Configuration > Protocols for <INSTANCE>, enable TCP/IP, then restart the SQL Server service for that instance.',
      },
      {
        id: 'sql-port-firewalled',
        text: "The Windows firewall on the SQL server blocks the instance's TCP port.",
        fix: 'Allow the instance port inbound (New-NetFirewallRule -DisplayName "SQL <INSTANCE>" -Direction Inbound -Protocol TCP -LocalPort <port> -Action Allow), or allow sqlservr.exe for dynamic ports.',
      },
      {
        id: 'wrong-server-name',
        text: 'The app is configured with an old server or instance name (server migrated or renamed) or DNS points to the wrong host.',
        fix: "Update the server\\instance in the app's connection settings (ini/config file or ODBC DSN in odbcad32.exe) and fix the DNS record if needed.",
      },
    ],
    steps: [
      {
        id: 'ask-error-number',
        kind: 'question',
        text: 'Which error number does the app or a test connection show?',
        options: [
          {
            label: 'error: 26 (Error Locating Server/Instance Specified)',
            value: '26',
            next: 'check-browser',
          },
          { label: 'error: 40 / error: 53 / timeout', value: '40', next: 'test-port' },
          { label: 'Login failed for user (18456)', value: '18456', contradicts: true },
        ],
      },
      {
        id: 'check-browser',
        kind: 'action',
        text: 'On the SQL server, check the instance and SQL Browser services.',
        command: 'Get-Service MSSQL*, SQLBrowser | Select Name,Status,StartType',
        expected_outcome: 'Both the instance service and SQLBrowser are Running.',
        on: { worked: { next: 'test-port' }, failed: { resolve: 'sql-browser-stopped' } },
      },
      {
        id: 'test-port',
        kind: 'action',
        text: "From a workstation, resolve the server and test the instance's TCP port.",
        command:
          'Resolve-DnsName <sqlserver>; Test-NetConnection <sqlserver> -Port 1433   # or the static port of the named instance',
        expected_outcome: 'The name resolves to the right host and TcpTestSucceeded is True.',
        on: { worked: { resolve: 'wrong-server-name' }, failed: { next: 'check-protocols' } },
      },
      {
        id: 'check-protocols',
        kind: 'action',
        text: 'Check that TCP/IP is enabled for the instance and which port it listens on.',
        command:
          'SQL Server Configuration Manager > SQL Server Network Configuration > Protocols for <INSTANCE> > TCP/IP (Enabled, IPAll port)',
        expected_outcome: 'TCP/IP is Enabled and a port is set.',
        on: { worked: { resolve: 'sql-port-firewalled' }, failed: { resolve: 'tcpip-disabled' } },
      },
    ],
    verification: [
      'The application connects from at least two workstations.',
      'The connection still works after the SQL server is restarted.',
    ],
  },
  {
    id: 'lob-sql-login-failed-18456',
    title: 'App database login fails: "Login failed for user" (SQL error 18456)',
    domain: 'lob_apps',
    symptoms: [
      'Login failed for user when the application starts',
      'App reaches the SQL server but rejects the database login',
      'Database login broke after the database was moved to a new server',
      'SQL account used by the software locked out',
      'Cannot open database requested by the login',
    ],
    keywords: [
      'SQL Server',
      'SQL authentication',
      'mixed mode',
      'Windows authentication',
      'sa',
      'SQL login',
      'orphaned user',
      'default database',
      'SQL error log',
      'SSMS',
    ],
    error_codes: ['18456', 'Error: 18456', '18486', '18452', '4060'],
    causes: [
      {
        id: 'sql-auth-mode-windows-only',
        text: 'The server only allows Windows authentication, so SQL logins fail (18456 state 58).',
        fix: 'In SSMS, Server Properties > Security > "SQL Server and Windows Authentication mode", then restart the SQL Server service. Confirm the app\'s SQL login is enabled.',
      },
      {
        id: 'sql-password-wrong-or-locked',
        text: "The app's SQL login password is wrong, expired or the login is locked out (state 8, 18, or error 18486).",
        fix: "Reset and unlock: ALTER LOGIN [<login>] WITH PASSWORD = '<new>' UNLOCK; update the password in the app's connection settings and vault. Consider CHECK_EXPIRATION = OFF for service logins per vendor guidance.",
      },
      {
        id: 'database-mapping-missing',
        text: 'The login works but its default database is unavailable or the database user is orphaned after a restore/migration (state 38/40, error 4060).',
        fix: 'Map the user back: USE [<db>]; ALTER USER [<user>] WITH LOGIN = [<login>]; and/or ALTER LOGIN [<login>] WITH DEFAULT_DATABASE = [<db>]. Check the database is online.',
      },
      {
        id: 'windows-login-not-granted',
        text: "The app uses Windows authentication and the user's account or group has no SQL login (state 5/11) or comes from an untrusted domain (18452).",
        fix: 'Create a login for the AD group used by the app (CREATE LOGIN [DOMAIN\\Group] FROM WINDOWS) and map it to the database with the role the vendor specifies.',
      },
    ],
    steps: [
      {
        id: 'read-sql-errorlog',
        kind: 'action',
        text: 'Read the SQL error log on the server for the failed login and its state number.',
        command: 'sqlcmd -S <server\\instance> -E -Q "EXEC xp_readerrorlog 0, 1, N\'Login failed\'"',
        expected_outcome: 'The log shows Error 18456 with a State number and a reason.',
        on: { worked: { next: 'ask-state' }, failed: { next: 'ask-reached-server' } },
      },
      {
        id: 'ask-reached-server',
        kind: 'question',
        text: 'Nothing in the SQL log. What does the client see?',
        options: [
          { label: 'error 26 / 40 / network-related error, not 18456', value: 'network', contradicts: true },
          {
            label: '18456 on the client but log has nothing (wrong server targeted)',
            value: 'wrong',
            next: 'ask-state',
          },
        ],
      },
      {
        id: 'ask-state',
        kind: 'question',
        text: 'Which state / reason does the error log give?',
        options: [
          {
            label: 'State 58: SQL auth not allowed / Windows only',
            value: '58',
            resolve: 'sql-auth-mode-windows-only',
          },
          {
            label: 'State 8 / 18 or error 18486 (password / locked)',
            value: '8',
            resolve: 'sql-password-wrong-or-locked',
          },
          {
            label: 'State 38 / 40 or error 4060 (cannot open database)',
            value: '38',
            resolve: 'database-mapping-missing',
          },
          {
            label: 'State 5 / 11 or 18452 with a DOMAIN\\user',
            value: '5',
            resolve: 'windows-login-not-granted',
          },
        ],
      },
    ],
    verification: [
      'The application signs in to its database from a workstation without errors.',
      'No new 18456 entries for the app login in the SQL error log.',
    ],
  },
  {
    id: 'lob-web-app-certificate-warning',
    title: 'Internal web app shows a certificate warning in the browser on user PCs',
    domain: 'lob_apps',
    symptoms: [
      'Browser says "Your connection is not private" when opening the internal web app',
      'Users must click Advanced > Proceed to reach the ERP web portal',
      'Certificate warning only on some laptops, not others',
      'Firefox shows a security warning for our intranet site but Edge is fine',
      'Every HTTPS site shows a certificate error on one PC',
    ],
    keywords: [
      'certificate warning',
      'browser',
      'Edge',
      'Chrome',
      'Firefox',
      'internal CA',
      'root certificate',
      'SSL inspection',
      'deep packet inspection',
      'system clock',
      'SAN',
      'certlm.msc',
    ],
    error_codes: [
      'NET::ERR_CERT_AUTHORITY_INVALID',
      'NET::ERR_CERT_COMMON_NAME_INVALID',
      'SEC_ERROR_UNKNOWN_ISSUER',
      'MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT',
    ],
    causes: [
      {
        id: 'internal-root-not-trusted',
        text: 'The app uses a certificate from an internal CA or a self-signed certificate that the device does not trust (e.g. non-domain or new Intune-only device, or Firefox using its own store).',
        fix: 'Deploy the internal root CA to Trusted Root Certification Authorities via GPO (Computer Configuration > Policies > Windows Settings > Security Settings > Public Key Policies) or an Intune trusted certificate profile. For Firefox set security.enterprise_roots.enabled = true via policy. Better long-term: replace self-signed certs with ones from the internal CA or a public CA.',
      },
      {
        id: 'name-mismatch',
        text: 'Users reach the app by a name (short name, IP address, old hostname) not listed in the certificate SAN.',
        fix: 'Update shortcuts and bookmarks to the FQDN on the certificate, or reissue the certificate with every name users need in the SAN.',
      },
      {
        id: 'ssl-inspection-ca-missing',
        text: 'The firewall performs SSL/TLS inspection and its signing CA is not installed on this device, so many sites show errors.',
        fix: "Deploy the firewall's inspection CA certificate to the device's Trusted Root store (GPO/Intune), or exempt the device/site from inspection.",
      },
      {
        id: 'client-clock-wrong',
        text: "The PC's date/time is wrong, so valid certificates appear not yet valid or expired.",
        fix: 'Correct the time zone and resync: w32tm /resync. If it drifts again, check the CMOS battery and the domain time hierarchy.',
      },
    ],
    steps: [
      {
        id: 'ask-scope',
        kind: 'question',
        text: 'Which sites and users see the warning?',
        options: [
          { label: 'Only the internal app, on some or all PCs', value: 'app', next: 'read-error-code' },
          { label: 'Most HTTPS sites, on one PC', value: 'all-sites', next: 'check-clock' },
          {
            label: 'Everyone, and the error says the certificate has expired',
            value: 'expired',
            contradicts: true,
          },
        ],
      },
      {
        id: 'check-clock',
        kind: 'action',
        text: 'Check the PC time and time source.',
        command: 'w32tm /query /status & echo %date% %time%',
        expected_outcome: 'Date, time and time zone are correct.',
        on: { worked: { next: 'check-issuer' }, failed: { resolve: 'client-clock-wrong' } },
      },
      {
        id: 'check-issuer',
        kind: 'action',
        text: 'Open the certificate from the browser padlock and read the issuer.',
        command: 'Browser > Not secure > Certificate details > Issued by',
        expected_outcome:
          'The issuer is the real site CA, not the firewall vendor (FortiGate, Sophos, etc.).',
        on: { worked: { next: 'read-error-code' }, failed: { resolve: 'ssl-inspection-ca-missing' } },
      },
      {
        id: 'read-error-code',
        kind: 'question',
        text: 'Which error code does the browser show?',
        options: [
          {
            label: 'NET::ERR_CERT_AUTHORITY_INVALID / SEC_ERROR_UNKNOWN_ISSUER',
            value: 'authority',
            next: 'check-root-store',
          },
          { label: 'NET::ERR_CERT_COMMON_NAME_INVALID', value: 'name', resolve: 'name-mismatch' },
        ],
      },
      {
        id: 'check-root-store',
        kind: 'action',
        text: 'Check whether the internal root CA is in the machine Trusted Root store.',
        command: "Get-ChildItem Cert:\\LocalMachine\\Root | Where-Object Subject -match '<internal CA name>'",
        expected_outcome: 'The internal root CA is present.',
        on: {
          worked: { resolve: 'ssl-inspection-ca-missing' },
          failed: { resolve: 'internal-root-not-trusted' },
        },
      },
    ],
    verification: [
      'The app loads with a valid padlock in Edge, Chrome and Firefox on the affected PCs.',
      'The root or inspection CA deployment is applied by policy, not installed by hand.',
    ],
  },
  {
    id: 'adobe-acrobat-crash',
    title: 'Adobe Acrobat / Acrobat Reader crashes or closes when opening PDFs',
    domain: 'lob_apps',
    symptoms: [
      'Acrobat closes as soon as a PDF is opened',
      'Adobe Reader freezes and shows Not Responding',
      'PDFs open then Acrobat disappears without an error',
      'Acrobat crashes when printing or signing a document',
      'Adobe stopped working after the latest update',
    ],
    keywords: [
      'Adobe Acrobat',
      'Acrobat Reader',
      'Acrobat DC',
      'Acrobat.exe',
      'AcroRd32.exe',
      'Protected Mode',
      'Enhanced Security',
      'preferences reset',
      'Repair Installation',
      'plug-ins',
      'Acrobat Cleaner',
    ],
    error_codes: ['Event ID 1000'],
    causes: [
      {
        id: 'corrupt-preferences',
        text: "The user's Acrobat preference files are corrupt.",
        fix: 'Close Acrobat, rename %APPDATA%\\Adobe\\Acrobat\\DC (and %LOCALAPPDATA%\\Adobe\\Acrobat\\DC) to .old, and reopen. Acrobat recreates default preferences.',
      },
      {
        id: 'protected-mode-conflict',
        text: "Protected Mode / the sandbox conflicts with security software or the user's environment (e.g. RDS, redirected AppData).",
        fix: 'Test with Edit > Preferences > Security (Enhanced) > untick "Enable Protected Mode at startup". If that fixes it, add an EDR exclusion per the vendor, update Acrobat, and re-enable Protected Mode; only leave it off with a documented risk acceptance.',
      },
      {
        id: 'outdated-or-plugin',
        text: 'An outdated Acrobat build or a third-party plug-in (e-signature, PDF tools, DMS integration) is crashing the process.',
        fix: 'Update via Help > Check for Updates, then Help > Repair Installation. If crashes continue, update or remove the plug-in named in the Event ID 1000 faulting module; use the Acrobat Cleaner Tool and reinstall as a last resort.',
      },
    ],
    steps: [
      {
        id: 'ask-one-file',
        kind: 'question',
        text: 'Does it crash on every PDF or only a specific one?',
        options: [
          { label: 'Every PDF', value: 'all', next: 'read-event-1000' },
          { label: 'Only one file, which also fails in Edge/other viewers', value: 'one', contradicts: true },
        ],
      },
      {
        id: 'read-event-1000',
        kind: 'action',
        text: 'Read the Application log crash events for Acrobat and note the faulting module.',
        command:
          "Get-WinEvent -FilterHashtable @{LogName='Application'; Id=1000} -MaxEvents 20 | Where-Object Message -match 'Acrobat|AcroRd32' | Format-List TimeCreated,Message",
        expected_outcome: 'The faulting module is a third-party plug-in DLL.',
        on: { worked: { resolve: 'outdated-or-plugin' }, failed: { next: 'reset-prefs' } },
      },
      {
        id: 'reset-prefs',
        kind: 'action',
        text: 'Close Acrobat and rename the user preference folder, then reopen a PDF.',
        command: 'ren "%APPDATA%\\Adobe\\Acrobat\\DC" DC.old',
        expected_outcome: 'Acrobat opens PDFs without crashing.',
        on: { worked: { resolve: 'corrupt-preferences' }, failed: { next: 'test-protected-mode' } },
      },
      {
        id: 'test-protected-mode',
        kind: 'action',
        text: 'Temporarily disable Protected Mode and retest.',
        command:
          'Edit > Preferences > Security (Enhanced) > untick Enable Protected Mode at startup > restart Acrobat',
        expected_outcome: 'PDFs open without crashing.',
        on: { worked: { resolve: 'protected-mode-conflict' }, failed: { resolve: 'outdated-or-plugin' } },
      },
    ],
    verification: [
      'Several PDFs open, print and can be signed without a crash.',
      'No new Event ID 1000 for Acrobat after a day of use.',
    ],
  },
  {
    id: 'erp-client-update-fails',
    title: 'ERP / accounting client update or install fails on workstations or RDS',
    domain: 'lob_apps',
    symptoms: [
      'Sage client update fails partway through on the workstations',
      'After the server upgrade the ERP client says versions do not match',
      'Client installer rolls back with a generic error',
      'Cannot update the accounting software on the terminal server, files in use',
      'Update wizard asks for admin rights then fails',
    ],
    keywords: [
      'ERP',
      'Sage 50',
      'Sage 100',
      'Dynamics GP',
      'Epicor',
      'client update',
      'workstation setup',
      'MSI',
      'msiexec',
      'verbose log',
      'change user /install',
      'RDS',
      'version mismatch',
    ],
    error_codes: ['Error 1603', 'Error 1618', 'Error 1925', 'Error 1722'],
    causes: [
      {
        id: 'no-admin-rights',
        text: 'The update is being run without administrator rights, or UAC blocks it (Error 1925).',
        fix: 'Run the client installer elevated via RMM or with an admin account (Run as administrator). For many workstations, push it silently from RMM at a scheduled time.',
      },
      {
        id: 'files-in-use',
        text: 'The ERP application or its services are still running (other RDS sessions, background services), so files are locked and the MSI rolls back (Error 1603).',
        fix: 'Schedule downtime, log off all users (query session; logoff <id>), stop the vendor services, put RDS in install mode (change user /install), run the update, then change user /execute.',
      },
      {
        id: 'another-install-running',
        text: 'Another installation (Windows Update, RMM patching) is running at the same time (Error 1618).',
        fix: 'Wait for or stop the other install (check for msiexec processes and pending Windows Update reboot), reboot, then run the ERP update.',
      },
      {
        id: 'version-prerequisite-mismatch',
        text: 'The client package does not match the server version/service pack, or a prerequisite (.NET, VC++ runtime, SQL native client) is missing.',
        fix: "Install the client from the server's own workstation setup share for that exact version, and install the prerequisites listed in the vendor release notes first.",
      },
    ],
    steps: [
      {
        id: 'ask-error',
        kind: 'question',
        text: 'What does the installer report?',
        options: [
          { label: 'Error 1618', value: '1618', resolve: 'another-install-running' },
          { label: 'Error 1925 / needs admin', value: '1925', resolve: 'no-admin-rights' },
          { label: 'Error 1603 / rollback', value: '1603', next: 'verbose-log' },
          {
            label: 'Installs fine, but the app then cannot connect to its SQL database',
            value: 'sql',
            contradicts: true,
          },
        ],
      },
      {
        id: 'verbose-log',
        kind: 'action',
        text: 'Rerun the installer with a verbose log and search for "Return value 3".',
        command:
          'msiexec /i "<client>.msi" /l*v C:\\Temp\\erp-install.log   then: Select-String -Path C:\\Temp\\erp-install.log -Pattern "Return value 3" -Context 15,0',
        expected_outcome:
          'The lines before "Return value 3" mention files in use, locked files or a running process.',
        on: { worked: { resolve: 'files-in-use' }, failed: { next: 'ask-rds' } },
      },
      {
        id: 'ask-rds',
        kind: 'question',
        text: 'Is this an RDS/terminal server with other users logged on, or a single workstation?',
        options: [
          { label: 'RDS server with active sessions', value: 'rds', resolve: 'files-in-use' },
          { label: 'Single workstation', value: 'ws', next: 'check-version' },
        ],
      },
      {
        id: 'check-version',
        kind: 'action',
        text: 'Compare the client package version with the server version and check prerequisites from the release notes.',
        command:
          "Get-Package | Where-Object Name -match '<ERP name>|.NET|Visual C\\+\\+' | Select Name,Version",
        expected_outcome: 'Client package version matches the server and all prerequisites are installed.',
        on: { worked: { resolve: 'files-in-use' }, failed: { resolve: 'version-prerequisite-mismatch' } },
      },
    ],
    verification: [
      'The client shows the same version as the server and opens the company database.',
      'Add/remove programs shows the new version with no pending reboot.',
    ],
  },
];
