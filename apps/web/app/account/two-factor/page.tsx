import type { Metadata } from 'next';
import { TwoFactorSettings } from './two-factor-settings';

export const metadata: Metadata = { title: 'Two-factor authentication' };

export default function TwoFactorPage() {
  return <TwoFactorSettings />;
}
