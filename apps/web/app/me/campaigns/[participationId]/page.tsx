import type { Metadata } from 'next';
import { ParticipationDetail } from './participation-detail';

export const metadata: Metadata = { title: 'My campaign' };

export default async function ParticipationPage({ params }: { params: Promise<{ participationId: string }> }) {
  const { participationId } = await params;
  return <ParticipationDetail participationId={participationId} />;
}
