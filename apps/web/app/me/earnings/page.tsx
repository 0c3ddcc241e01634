import type { Metadata } from 'next';
import { MyEarnings } from './my-earnings';

export const metadata: Metadata = { title: 'Earnings' };

export default function MyEarningsPage() {
  return <MyEarnings />;
}
