import type { Metadata } from 'next';
import { OrgDetail } from './org-detail';

export const metadata: Metadata = { title: 'Organization' };

export default async function OrgPage({ params }: { params: Promise<{ orgId: string }> }) {
  const { orgId } = await params;
  return <OrgDetail orgId={orgId} />;
}
