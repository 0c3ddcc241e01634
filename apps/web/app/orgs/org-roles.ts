import type { OrgRole } from '../../lib/api';

export const orgRoles: readonly { value: OrgRole; label: string; body: string }[] = [
  { value: 'owner', label: 'Owner', body: 'Everything, including members, invitations and funding.' },
  { value: 'manager', label: 'Manager', body: 'Runs campaigns and reviews participants and posts.' },
  { value: 'viewer', label: 'Viewer', body: 'Sees campaigns and reports, changes nothing.' },
];

export const orgRoleLabel = (role: OrgRole): string => orgRoles.find((r) => r.value === role)?.label ?? role;
