import type { Metadata } from 'next';
import { MailOutbox } from './mail-outbox';

export const metadata: Metadata = { title: 'Mail outbox · Admin' };

export default function AdminMailPage() {
  return <MailOutbox />;
}
