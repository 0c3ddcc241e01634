import type { Metadata } from 'next';
import { OrgList } from './org-list';

export const metadata: Metadata = { title: 'Organizations' };

export default function OrgsPage() {
  return <OrgList />;
}
