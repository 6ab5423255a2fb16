import type { Role } from '../../shared/roles';

export const DEMO_PASSWORD = 'demo-password';

export const DEMO_ACCOUNTS: { name: string; users: { email: string; name: string; role: Role }[] }[] = [
  {
    name: 'Northwind IT',
    users: [
      { email: 'owner@northwind.test', name: 'Olivia Owner', role: 'owner' },
      { email: 'senior@northwind.test', name: 'Sam Senior', role: 'engineer' },
      { email: 'senior2@northwind.test', name: 'Sofia Senior', role: 'engineer' },
      { email: 'tech@northwind.test', name: 'Theo Tech', role: 'tech' },
      { email: 'tech2@northwind.test', name: 'Tara Tech', role: 'tech' },
      { email: 'viewer@northwind.test', name: 'Vera Viewer', role: 'viewer' },
    ],
  },
  {
    name: 'Contoso MSP',
    users: [
      { email: 'senior@contoso.test', name: 'Carl Senior', role: 'engineer' },
      { email: 'tech@contoso.test', name: 'Cleo Tech', role: 'tech' },
    ],
  },
];
