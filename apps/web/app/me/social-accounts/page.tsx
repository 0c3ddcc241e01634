import type { Metadata } from 'next';
import { SocialAccounts } from './social-accounts';

export const metadata: Metadata = { title: 'Social accounts' };

export default function SocialAccountsPage() {
  return <SocialAccounts />;
}
